"""For tests: run what a commit enqueues, as the worker would, inside the test's transaction."""

from contextlib import contextmanager

from django.core.management import call_command


def run_worker():
    """One pass of ``manage.py run_worker``: recover lost emails, run every task due now."""
    call_command("run_worker", batch=True, verbosity=0)


@contextmanager
def background_tasks(testcase):
    """The block's on-commit callbacks (the enqueues) run at its end, then the worker."""
    with testcase.captureOnCommitCallbacks(execute=True):
        yield
    run_worker()
