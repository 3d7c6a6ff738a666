"""A connection that reconnects (a worker between tasks) gains no statement wrapper.

The front cache wraps no statement of its own (it hears of changes from the page cache's
keys_changed); whatever the installed apps add is added once per connection object.
"""

from django.db import connection
from django.db.backends.signals import connection_created
from django.test import SimpleTestCase


class ReconnectionTests(SimpleTestCase):
    def test_no_wrapper_piles_up_on_reconnection(self):
        before = list(connection.execute_wrappers)
        self.addCleanup(setattr, connection, "execute_wrappers", before)
        # What Django sends each time the connection object opens a new connection.
        connection_created.send(sender=connection.__class__, connection=connection)
        once = list(connection.execute_wrappers)
        for _ in range(3):
            connection_created.send(sender=connection.__class__, connection=connection)
        self.assertEqual(len(connection.execute_wrappers), len(once))
        self.assertFalse(any(getattr(w, "frontcache", False) for w in once))
