"""The staff groups: "Editors" and "Contributors".

Editors edit, publish and unpublish articles, edit tags and moderate comments, nothing else.
Contributors write articles and submit them for review ("Ready for review"), but cannot
publish one nor change one that is published (articles/workflow.py).

Kept in step by every `migrate` (post_migrate) and by `manage.py create_editors_group`;
both are idempotent. Neither group gets a permission on users, groups or login lockouts.
"""

from django.contrib.auth.models import Group, Permission
from django.db import router

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"

EDITOR_PERMISSIONS = {
    "articles": {
        "article": ["view", "add", "change", "publish"],
        "comment": ["view", "add", "change", "delete"],  # add: staff replies
    },
    "taggit": {
        "tag": ["view", "add", "change"],
    },
    # The apps below connect the same post_migrate receiver: their permissions exist only
    # once their own migrations ran.
    "companies": {
        "company": ["view", "add", "change"],
        "ticker": ["view", "add", "change", "delete"],
        "articlecompany": ["view", "add", "change"],  # confirm or reject mentions
    },
    "figures": {
        "keyfigure": ["view"],
    },
    # The original pages of imported articles: to check an import against (read-only).
    "captures": {
        "capture": ["view"],
    },
}

CONTRIBUTOR_PERMISSIONS = {
    "articles": {
        "article": ["view", "add", "change"],
    },
    "taggit": {
        "tag": ["view", "add"],
    },
}

GROUPS = {EDITORS: EDITOR_PERMISSIONS, CONTRIBUTORS: CONTRIBUTOR_PERMISSIONS}


def permission_codenames(permissions):
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in permissions.items()
        for model, actions in models.items()
        for action in actions
    ]


def editor_permission_codenames():
    return permission_codenames(EDITOR_PERMISSIONS)


def ensure_group(name, using="default"):
    """Create or update the group so it holds exactly its permissions."""
    group, _ = Group.objects.using(using).get_or_create(name=name)
    wanted = Permission.objects.using(using).none()
    for app_label, codename in permission_codenames(GROUPS[name]):
        wanted |= Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename=codename
        )
    group.permissions.set(wanted)
    return group


def ensure_editors_group(using="default"):
    return ensure_group(EDITORS, using=using)


def ensure_editors_group_after_migrate(sender, using="default", **kwargs):
    # Not on a database that migrate leaves alone (a read replica), as auth itself does.
    if router.allow_migrate_model(using, Group):
        for name in GROUPS:
            ensure_group(name, using=using)
