"""For tests: a stand-in front cache on the loopback that records the purges it gets."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PurgeServer:
    """Answers PURGE with 200 (or ``status``) and keeps each request's keys."""

    def __init__(self, status=200, port=0):
        self.status = status
        self.purges = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                owner.purges.append((self.client_address[0], self.headers["xkey-purge"]))
                self.send_response(owner.status)
                self.send_header("X-Purged", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
