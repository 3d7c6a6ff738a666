"""Staff see every email's state (waiting, being sent, sent, gave up), its attempts and last
error, and can send again one that was given up on. Each attempt is also a task result in
the admin's "Tasks Database Backend" section, with its traceback when it failed."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail
from .tasks import deliver


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key", "subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [
        "key",
        "subject",
        "body",
        "from_email",
        "to",
        "headers",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]

    @admin.display(description="to")
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected emails again (those given up on)")
    def send_again(self, request, queryset):
        # Only emails given up on: a waiting one is retried anyway, and a sent one must not
        # go out twice.
        with transaction.atomic():
            pks = list(
                queryset.filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True)
            )
            OutgoingEmail.objects.filter(pk__in=pks).update(
                status=OutgoingEmail.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
            )
            for pk in pks:
                transaction.on_commit(lambda pk=pk: deliver.enqueue(pk))
        self.message_user(request, f"{len(pks)} email(s) will be sent again.", messages.SUCCESS)
