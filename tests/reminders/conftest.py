"""Fixtures the reminder tests share."""

from __future__ import annotations

import pytest

from tests.support.mail_server import MailServer


@pytest.fixture
def mail():
    """A real SMTP server on loopback (aiosmtpd) that keeps what it is sent."""
    server = MailServer().start()
    yield server
    server.stop()
