"""A real SMTP server on 127.0.0.1 for the tests, that can refuse, go down, stall, and counts
what it accepts (aiosmtpd, in a thread of the test process)."""

import asyncio
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingHandler:
    """Accepts, refuses (451, "try again later") or stalls at RCPT, as the test says."""

    def __init__(self):
        self.mode = "accept"
        self.accepted = []  # email.message.Message, one per message accepted
        self.rcpt_seen = threading.Event()
        self.message_accepted = threading.Event()
        self._release = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen.set()
        if self.mode == "stall":
            # Hold the sender here, as a slow mail server would, until released.
            self._release = asyncio.Event()
            await self._release.wait()
            return "451 4.3.0 Stalled, try again later"
        if self.mode == "refuse":
            return "451 4.3.0 Mail server busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted.append(message_from_bytes(envelope.content, policy=policy.default))
        self.message_accepted.set()
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start, stop (the server is down: connections refused) and start again on one port."""

    def __init__(self):
        self.port = free_port()
        self.handler = CountingHandler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            handler = self.handler
            if handler._release is not None:
                self.controller.loop.call_soon_threadsafe(handler._release.set)
            self.controller.stop()
            self.controller = None

    def settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }

    def message_ids(self):
        return [message["Message-ID"] for message in self.handler.accepted]
