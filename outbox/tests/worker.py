"""For tests: run what a commit enqueues, as the worker would, inside the test's transaction."""

from contextlib import contextmanager
from unittest import mock

from django.core.management import call_command


def run_worker():
    """One pass of ``manage.py run_worker``: recover lost emails, run every task due now.

    The worker closes stale connections between tasks, as a request does; inside a test's
    transaction that would close the test's own connection (on PostgreSQL), so not here,
    as Django's test client does not either.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("run_worker", batch=True, verbosity=0)


@contextmanager
def background_tasks(testcase):
    """The block's on-commit callbacks (the enqueues) run at its end, then the worker."""
    with testcase.captureOnCommitCallbacks(execute=True):
        yield
    run_worker()
