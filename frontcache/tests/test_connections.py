"""A connection that reconnects (a worker between tasks) keeps one watcher of each kind."""

from django.db import connection
from django.db.backends.signals import connection_created
from django.test import SimpleTestCase


class ReconnectionTests(SimpleTestCase):
    def test_watchers_are_added_once_per_connection(self):
        def marked(name):
            return [w for w in connection.execute_wrappers if getattr(w, name, False)]

        before = list(connection.execute_wrappers)
        self.addCleanup(setattr, connection, "execute_wrappers", before)
        for _ in range(3):
            # What Django sends each time the connection object opens a new connection.
            connection_created.send(sender=connection.__class__, connection=connection)
        self.assertEqual(len(marked("frontcache")), 1)
        self.assertEqual(len(marked("pagecache")), 1)
