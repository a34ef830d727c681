"""Sending reminders by e-mail (issue 18): one SMTP conversation a message, through FORUM_SMTP_URL.

`smtp://user:pass@host:587` speaks STARTTLS when the server offers it (and will not log in over a
connection left in the clear, except to a server on this machine); `smtps://…:465` is TLS from the
start. Each message has a plain-text part (the reply's console text) and an HTML part
(templates/mail.py), from FORUM_MAIL_FROM, its Subject the reminder's summary; a calendar
invitation (commands/reminder_engine/invitations.py) has its iCalendar part too (`add_calendar`).

- Exactly once: the sweep claims each e-mail as it claims a Slack post (commands/reminder_engine/
  sweep.py). Its Message-ID is made from the delivery's key, so a message sent again after the bot
  never heard the server's answer (a timeout after the data, a sweep killed then) carries the same
  Message-ID as the first, and mail systems and readers see it for the same message.
- A 4xx answer, a dropped connection or a timeout: tried again after 1, 2… seconds; after `tries`
  the delivery is handed back as "retry" and later sweeps try again with backoff (5 minutes, then
  longer), within the grace period.
- A 5xx answer about the message or the recipient (`550 no such mailbox`): "failed", recorded with
  the server's words and shown to officers in `/forum reminders`, never tried again.
- The server refusing the bot itself (login, sender address, no STARTTLS where a password would go):
  no e-mail can go until someone fixes that, so those wait (like a bad Slack token), logged.

The sleep is a parameter so tests can run the waits without waiting.
"""

from __future__ import annotations

import hashlib
import logging
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

from commands.core.reply import Reply
from commands.reminder_engine.sweep import Attempt, Posted
from settings import Settings
from templates import render_text
from templates.mail import render_html

log = logging.getLogger(__name__)

SUBJECT_LIMIT = 150
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def message_id(key: str, sender: str) -> str:
    """The Message-ID of the delivery `key`: the same for every try of it, and no other's."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "forum-bot"
    return f"<delivery-{digest}@{domain}>"


def one_line(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """A header's words: no line breaks (a header can be injected by one), at most `limit` long."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class GiveUp(Exception):
    def __init__(self, outcome: str, error: str):
        super().__init__(error)
        self.outcome, self.error = outcome, error


class MailPoster:
    def __init__(
        self,
        url: str,
        sender: str,
        *,
        timeout: float = 30.0,
        tries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        footer: str | None = None,
    ):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("FORUM_SMTP_URL is smtp://[user:password@]host[:port] or smtps://…")
        self.tls = parts.scheme == "smtps"
        self.host, self.port = parts.hostname, parts.port or (465 if self.tls else 587)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender, self.timeout, self.tries, self.backoff, self.sleep = sender, timeout, tries, backoff, sleep
        self.footer = footer or f"A reminder from {parseaddr(sender)[0] or 'the Forum bot'}, sent by e-mail."

    @classmethod
    def for_settings(cls, settings: Settings, **options: Any) -> MailPoster | None:
        """The mailer FORUM_SMTP_URL and FORUM_MAIL_FROM describe; None when they are not both set."""
        if not (settings.smtp_url and settings.mail_from):
            return None
        return cls(settings.smtp_url, settings.mail_from, **options)

    def send_reply(self, to: str, subject: str, reply: Reply, *, key: str, calendar: str | None = None) -> Posted:
        """A reminder the sweep worked out, rendered as text and HTML and sent to `to` (with an
        invitation's iCalendar text, `calendar`, as its calendar part)."""
        return self.send(self.message(to, subject, reply, key=key, calendar=calendar))

    def message(self, to: str, subject: str, reply: Reply, *, key: str, calendar: str | None = None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = one_line(subject)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = message_id(key, self.sender)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to the bot
        message.set_content(f"{render_text(reply)}\n\n-- \n{self.footer}\n")
        message.add_alternative(render_html(reply, one_line(subject), self.footer), subtype="html")
        if calendar:
            add_calendar(message, calendar)
        return message

    def send(self, message: EmailMessage) -> Posted:
        attempts: list[Attempt] = []
        waited = None
        for number in range(1, self.tries + 1):
            try:
                self._send_once(message)
            except GiveUp as gave_up:
                attempts.append(Attempt("error", None, gave_up.error, waited))
                if gave_up.outcome == "retry":
                    log.error(
                        "the mail server refuses the bot itself (%s): no e-mail can go until that is fixed",
                        gave_up.error,
                    )
                return Posted(gave_up.outcome, attempts, error=gave_up.error)  # type: ignore[arg-type]
            except smtplib.SMTPRecipientsRefused as refused:
                code, words = next(iter(refused.recipients.values()), (550, b"refused"))
                error = f"e-mail to {_addresses(message)}: {_said(code, words)}"
                if code >= 500:
                    attempts.append(Attempt("error", None, error, waited))
                    return Posted("failed", attempts, error=error)
                attempts.append(Attempt("server_error", None, error, waited))
            except (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused) as error:
                said = f"e-mail: {_said(error.smtp_code, error.smtp_error)}"
                attempts.append(Attempt("error", None, said, waited))
                if error.smtp_code < 500:
                    pass  # the server is busy: try again
                else:
                    log.error("the mail server refuses the bot itself (%s): no e-mail can go until that is fixed", said)
                    return Posted("retry", attempts, error=f"{said} (the bot's mail settings)")
            except smtplib.SMTPConnectError as error:
                attempts.append(Attempt("timeout", None, f"e-mail: {_said(error.smtp_code, error.smtp_error)}", waited))
            except smtplib.SMTPResponseException as error:
                said = f"e-mail: {_said(error.smtp_code, error.smtp_error)}"
                if error.smtp_code >= 500:
                    attempts.append(Attempt("error", None, said, waited))
                    return Posted("failed", attempts, error=said)
                attempts.append(Attempt("server_error", None, said, waited))
            except (smtplib.SMTPException, OSError) as error:  # disconnected, refused, timed out, TLS
                attempts.append(Attempt("timeout", None, f"e-mail: {type(error).__name__}: {error}"[:300], waited))
            else:
                attempts.append(Attempt("sent", None, f"Message-ID {message['Message-ID']}", waited, channel="email"))
                return Posted("sent", attempts, channel="email")
            if number < self.tries:
                wait = self.backoff * 2 ** (number - 1)
                self.sleep(wait)
                waited = wait
        return Posted("retry", attempts, error=attempts[-1].error or "e-mail could not be sent")

    def _send_once(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if not self.tls and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif not self.tls and self.user and self.host not in LOOPBACK:
                raise GiveUp("retry", f"e-mail: {self.host} offers no STARTTLS: the password is not sent in the clear")
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)
        except BaseException:
            smtp.close()
            raise
        try:  # the server has the message: a goodbye that goes wrong must not send it again
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def add_calendar(message: EmailMessage, calendar: str) -> None:
    """An invitation as Outlook and Google Calendar take it: a `text/calendar; method=…` alternative
    beside the text and HTML (shown as the meeting, with its buttons), and the same as invite.ics
    attached for the mail readers that only open attachments."""
    found = re.search(r"^METHOD:(\w+)", calendar, re.MULTILINE)
    method = found.group(1).upper() if found else "REQUEST"
    message.add_alternative(calendar, subtype="calendar", params={"method": method})
    message.add_attachment(
        calendar.encode(), maintype="application", subtype="ics", filename="invite.ics", params={"method": method}
    )


def _said(code: int, words: bytes | str) -> str:
    text = words.decode(errors="replace") if isinstance(words, bytes) else str(words)
    return f"SMTP {code} {one_line(text, 200)}"


def _addresses(message: EmailMessage) -> str:
    return ", ".join(address for _, address in getaddresses([str(message["To"])]))
