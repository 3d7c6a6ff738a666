"""The background worker: django-tasks-db's worker, plus finding again what dead workers held."""

import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from outbox.tasks import recover


class Command(BaseCommand):
    help = (
        "Run background tasks (emails) until stopped. Every --recover-every seconds, emails "
        "whose worker died mid-send are enqueued again. --batch runs what is due, then exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--recover-every", type=float, default=30.0)
        parser.add_argument("--batch", action="store_true")

    def handle(self, *, interval, recover_every, batch, verbosity, **options):
        if interval < 0 or recover_every <= 0:
            self.stderr.write("--interval must be 0 or more and --recover-every above 0.")
            raise SystemExit(2)
        # Batch mode: the worker runs every task that is ready, then hands back to this
        # loop, which recovers lost emails now and then and waits for more.
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        last_recovery = None
        while worker.running:
            if last_recovery is None or time.monotonic() - last_recovery >= recover_every:
                recover()
                last_recovery = time.monotonic()
            worker.run()
            if batch:
                return
            if worker.running:
                time.sleep(interval)
