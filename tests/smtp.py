"""A real SMTP server for tests: aiosmtpd on a port of 127.0.0.1 the system chooses, keeping what it receives."""

import contextlib
import email
import email.policy
import time

from aiosmtpd.controller import Controller

DELIVERY_TIMEOUT_S = 30


class FreePortController(Controller):
    """aiosmtpd on port 0: the system picks a free port, read back once the server listens."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Mailbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=DELIVERY_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


@contextlib.contextmanager
def running_smtp_server():
    """Yields (mailbox, port); the server is stopped whatever happens."""
    mailbox = Mailbox()
    controller = FreePortController(mailbox, hostname="127.0.0.1", port=0)
    try:
        controller.start()
        yield mailbox, controller.port
    finally:
        controller.stop(no_assert=True)
