"""A ticket's QR picture and an event's calendar file (RFC 5545, Europe/Moscow)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import segno

from backend.i18n import TIMEZONE

QR_PREFIX = "COPP-T:"  # what the check-in page reads from the code
CODE_MAX = 32


def qr_png(ticket: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(QR_PREFIX + ticket, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def code_from_scan(text: str) -> str:
    """The ticket code from a scanned QR or a typed code, spaces and prefix forgiven; no
    longer than a ticket's column (the ORM refuses a longer value even to look it up)."""
    text = text.strip()
    return (text[len(QR_PREFIX):] if text.upper().startswith(QR_PREFIX) else text)[:CODE_MAX]


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _local(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y%m%dT%H%M%S")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data, parts = line.encode(), []
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:  # do not split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = b" " + data[cut:]
    parts.append(data.decode())
    return "\r\n".join(parts)


def ics(uid: str, title: str, starts_at: datetime, ends_at: datetime, place: str,
        description: str, stamp: datetime) -> bytes:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//COPP Arkhangelsk//Events//RU",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE", "TZID:Europe/Moscow", "BEGIN:STANDARD", "DTSTART:20141026T020000",
        "TZOFFSETFROM:+0400", "TZOFFSETTO:+0300", "TZNAME:MSK", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", f"UID:{uid}",
        f"DTSTAMP:{stamp.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",  # UTC by the RFC
        f"DTSTART;TZID=Europe/Moscow:{_local(starts_at)}",
        f"DTEND;TZID=Europe/Moscow:{_local(ends_at)}",
        f"SUMMARY:{_escape(title)}", f"LOCATION:{_escape(place)}",
        f"DESCRIPTION:{_escape(description)}", "END:VEVENT", "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
