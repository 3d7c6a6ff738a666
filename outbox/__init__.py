"""Email sent in the background, never lost and never sent twice.

An app that knows nothing of articles or comments. ``send_later(key, message)`` stores the
message in the current transaction under a key that names what it is about, and enqueues
its delivery (a django-tasks task) once that transaction commits. The worker
(``manage.py run_worker``) sends it, retries with growing delays while the mail server
refuses or is down, and finds again the emails of a worker that died mid-send.
"""
