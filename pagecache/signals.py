"""The signal other apps listen to (a front cache purging by key, say)."""

from django.dispatch import Signal

# Sent with keys=frozenset(...) once per commit, after it, with every dependency key the
# committed writes changed (at once for a write outside a transaction).
keys_changed = Signal()
