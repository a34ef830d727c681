"""Chart addresses: `/charts/<token>.png`, where the token says what to draw and until when, signed.

A token is `<payload>.<signature>`, both base64url: the payload is the kind of chart (`indicator`,
`sparkline` or `scorecard`), its subject (an indicator's code or a board's slug — never a database
id alone), the moment it expires (seconds since 1970; 30 days after it was made) and a short
fingerprint of the figures drawn, so a new reading or target gives a new address (and no picture
kept by Slack or a browser is shown for it). The signature is an HMAC-SHA256 of the payload with
the Slack signing secret, checked with `hmac.compare_digest`: a token cannot be made, changed to
another indicator or extended by anyone without that secret.

Without a public address (FORUM_PUBLIC_URL) or a signing secret there are no chart addresses at
all, and replies simply carry no picture. Also the words a screen reader says for a chart.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from settings import Settings

KINDS = ("indicator", "sparkline", "scorecard")
LIFETIME = timedelta(days=30)
MAX_PANELS = 12  # a scorecard draws at most this many indicators; its table lists the rest
MAX_TOKEN = 600  # a code or slug of at most a few dozen characters makes a token well under this
_SIGNATURE_BYTES = 16  # 128 bits of HMAC-SHA256: far beyond guessing


@dataclass(frozen=True)
class ChartRequest:
    kind: str  # one of KINDS
    subject: str  # an indicator's code, or a board's slug ("" for every board)
    expires: datetime


def _secret(settings: Settings) -> bytes | None:
    return settings.slack_signing_secret.encode() if settings.slack_signing_secret else None


def available(settings: Settings) -> bool:
    """Whether charts can be linked at all: the bot's public address and a secret to sign with."""
    return bool(settings.public_url and _secret(settings))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, b"forum-chart:" + payload.encode(), hashlib.sha256).digest()
    return _b64(digest[:_SIGNATURE_BYTES])


def fingerprint(figures: Any) -> str:
    """A short digest of what a chart shows (readings, targets, baseline …): it changes with them."""
    text = json.dumps(figures, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def token(settings: Settings, kind: str, subject: str, now: datetime, version: str = "") -> str | None:
    secret = _secret(settings)
    if secret is None or kind not in KINDS:
        return None
    expires = int((now + LIFETIME).timestamp())
    payload = _b64(json.dumps([kind, subject, expires, version], separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def chart_url(settings: Settings, kind: str, subject: str, now: datetime, version: str = "") -> str | None:
    """The chart's address, or None when charts are not available (no public address or secret)."""
    if not settings.public_url:
        return None
    signed = token(settings, kind, subject, now, version)
    return f"{settings.public_url.rstrip('/')}/charts/{signed}.png" if signed else None


class BadToken(Exception):
    """`malformed`: not a chart token at all (404); `refused`: forged, changed or expired (403)."""

    def __init__(self, why: str, malformed: bool):
        super().__init__(why)
        self.malformed = malformed


def read_token(settings: Settings, signed: str, now: datetime) -> ChartRequest:
    """The request a token stands for; BadToken when it is malformed, forged, changed or expired."""
    secret = _secret(settings)
    if secret is None:
        raise BadToken("charts are not served here", malformed=True)
    if not signed or len(signed) > MAX_TOKEN or signed.count(".") != 1:
        raise BadToken("not a chart token", malformed=True)
    payload, signature = signed.split(".")
    if not hmac.compare_digest(_sign(secret, payload).encode(), signature.encode()):
        raise BadToken("signature does not match", malformed=False)
    try:
        kind, subject, expires, _version = json.loads(_unb64(payload))
        moment = datetime.fromtimestamp(int(expires), UTC)
    except (ValueError, TypeError, binascii.Error, OverflowError, OSError) as error:
        raise BadToken(f"unreadable payload ({type(error).__name__})", malformed=True) from error
    if kind not in KINDS or not isinstance(subject, str):
        raise BadToken("unknown kind of chart", malformed=True)
    if moment <= now:
        raise BadToken("expired", malformed=False)
    return ChartRequest(kind, subject, moment)


def chart_figures(view: dict[str, Any]) -> dict[str, Any]:
    """What an indicator's chart is drawn from: the same figures make the same picture."""
    return {
        key: view.get(key)
        for key in ("code", "title", "unit", "direction", "rag", "baseline", "baseline_period", "targets", "readings")
    }


def _figure(value: float, unit: str | None) -> str:
    return f"{value:g}" + ("%" if unit and unit.strip() in {"%", "percent"} else "")


def alt_text(view: dict[str, Any]) -> str:
    """The chart in words, for screen readers: "NI 15 Serious violent crime rate: red, 1.02 against a
    target of 0.95 (7.4% worse) in 2010/11 Q4; improving from 1.05 in 2010/11 Q2; lower is better"."""
    parts = [f"{view['code']} {view['title']}: "]
    if view.get("rag"):
        parts.append(f"{view['rag']}, {view['reason']}")
        if view.get("latest_period"):
            parts.append(f" in {view['latest_period']}")
    elif view.get("latest") is not None:
        parts.append(f"no status ({view['reason']}), {_figure(view['latest'], view.get('unit'))}")
        if view.get("latest_period"):
            parts.append(f" in {view['latest_period']}")
    else:
        parts.append("no reading yet")
    short = view.get("short_term")
    if short:
        then = view.get("previous")
        when = view.get("previous_period")
        parts.append(
            f"; {short['way']}"
            + (f" from {_figure(then, view.get('unit'))}" if then is not None else "")
            + (f" in {when}" if when else "")
        )
    count = len(view.get("readings") or [])
    if count > 2:
        parts.append(f"; {count} readings since {view['readings'][0]['period']}")
    if view.get("baseline") is not None:
        parts.append(f"; baseline {view['baseline']:g}")
    if not view.get("targets"):
        parts.append("; no targets set")
    parts.append(f"; {view['direction']}")
    text = "".join(parts)
    return text if len(text) <= 2000 else text[:1999] + "…"  # Block Kit's limit on alt text


def indicator_chart(settings: Settings, now: datetime, view: dict[str, Any], kind: str = "indicator") -> dict[str, Any]:
    """`chart_url` (None when charts are not available) and `chart_alt` for an indicator view."""
    version = fingerprint([chart_figures(view), settings.amber_tolerance, settings.green_tolerance])
    return {"chart_url": chart_url(settings, kind, view["code"], now, version), "chart_alt": alt_text(view)}


def scorecard_alt(title: str, views: list[dict[str, Any]]) -> str:
    """ "Scorecard, Stronger and Safer Communities Board: 3 red (NI 15, NI 16, NI 20), 1 amber (NI 17) …" """
    parts = []
    for rag in ("red", "amber", "green"):
        codes = [v["code"] for v in views if v.get("rag") == rag]
        if codes:
            parts.append(f"{len(codes)} {rag} ({', '.join(codes)})")
    unknown = sum(1 for v in views if not v.get("rag"))
    if unknown:
        parts.append(f"{unknown} without a status")
    text = f"Scorecard, {title}: " + ("; ".join(parts) if parts else "no indicators")
    return text if len(text) <= 2000 else text[:1999] + "…"
