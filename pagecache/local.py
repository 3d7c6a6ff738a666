"""Each process's copies of the pages it served last."""

import collections
import threading

from django.conf import settings


class LocalCopies:
    """This process's copies of the pages it served last, up to a number of bytes.

    Only a saving: a copy is used when the versions of its keys are still the shared
    cache's current ones, checked on every request, so it is never staler than the shared
    copy, and nothing is lost when a process goes. It spares sending the page's bytes from
    the shared cache on every hit.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._entries = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(entry):
        if entry["content"] is not None:
            return len(entry["content"])
        return sum(len(part) for part in entry["parts"] if isinstance(part, bytes))

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = self._size(entry)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= self._size(old)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= self._size(dropped)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


local_copies = LocalCopies(settings.PAGE_CACHE_LOCAL_BYTES)
