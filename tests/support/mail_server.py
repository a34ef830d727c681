"""A real SMTP server on loopback for the e-mail tests (aiosmtpd): it keeps the messages it accepted,
and can be scripted to refuse (4xx, 5xx), to be down, or to hold a message's data unanswered."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[EmailMessage] = []
        self.rcpt_answers: list[str] = []  # the next RCPT TOs are answered with these (e.g. "550 …")
        self.data_answers: list[str] = []  # the next DATAs are answered with these (e.g. "451 …")
        self.data_calls = 0
        self.hold_after: int | None = None  # the DATA after this many accepted ones hangs …
        self.held = threading.Event()  # … and this is set while it hangs …
        self._released = threading.Event()  # … until release(); a sender gone by then never gets it
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> MailServer:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._released.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def release(self) -> None:
        self._released.set()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if address in str(m["To"])]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_calls += 1
        if self.data_answers:
            return self.data_answers.pop(0)
        if self.hold_after is not None and len(self.received) >= self.hold_after:
            self.hold_after = None
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 gone"  # the sender went before hearing 250: the server keeps nothing
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 2.0.0 Message accepted for delivery"
