"""The "Editors" staff group: edit articles and tags, moderate comments, nothing else.

Kept in step by every `migrate` (post_migrate) and by `manage.py create_editors_group`;
both are idempotent. Editors get no permission on users, groups or login lockouts.
"""

from django.contrib.auth.models import Group, Permission
from django.db import router

EDITORS = "Editors"

EDITOR_PERMISSIONS = {
    "articles": {
        "article": ["view", "add", "change"],
        "comment": ["view", "add", "change", "delete"],  # add: staff replies
    },
    "taggit": {
        "tag": ["view", "add", "change"],
    },
}


def editor_permission_codenames():
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in EDITOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]


def ensure_editors_group(using="default"):
    """Create or update the group so it holds exactly the editor permissions."""
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    wanted = Permission.objects.using(using).none()
    for app_label, codename in editor_permission_codenames():
        wanted |= Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename=codename
        )
    group.permissions.set(wanted)
    return group


def ensure_editors_group_after_migrate(sender, using="default", **kwargs):
    # Not on a database that migrate leaves alone (a read replica), as auth itself does.
    if router.allow_migrate_model(using, Group):
        ensure_editors_group(using=using)
