"""What the ticket page says in each state of a registration. The bot's ticket promises to
write; the site cannot, so its words send the resident back to this page instead."""

from __future__ import annotations

from urllib.parse import urlsplit

from backend.events.values import RegistrationInfo
from backend.i18n import N_
from public_web import i18n

HEADINGS = {
    "confirmed": N_("Your ticket"),
    "pending": N_("Your registration is awaiting confirmation"),
    "waiting": N_("You are on the waiting list"),
    "offered": N_("A seat is free for you"),
}
SAID = {
    "confirmed": N_("You are registered! Show this QR code at the door."),
    "online": N_("You are registered! The link to join is below."),
    "pending": N_("Your registration is sent; the organizers will confirm it. The site cannot "
                  "write to you: their answer appears on this page, so come back to it."),
    "waiting": N_("No seats left. You are number {position} on the waiting list. The site "
                  "cannot write to you: come back to this page. If a seat comes free, it is "
                  "offered here for a while."),
    "offered": N_("A seat is free for you until {until}."),
}


def online(registration: RegistrationInfo) -> bool:
    return registration.event.municipality_id is None


def meeting_link(address: str) -> str:
    """The online event's address when it is a web link (http or https), else nothing: the
    page then shows it as text."""
    address = address.strip()
    parts = urlsplit(address)
    return address if parts.scheme in ("http", "https") and parts.netloc else ""


def ticket_lines(speaker: i18n.Speaker, registration: RegistrationInfo,
                 position: int | None) -> list[str]:
    """What is said, the event and when; where and the code once the seat is the resident's
    (an online event's link is shown apart, as a link)."""
    event, status = registration.event, registration.status
    said = SAID["online" if status == "confirmed" and online(registration) else status]
    until = speaker.datetime(registration.offer_until) if registration.offer_until else ""
    lines = [i18n.say(said).format(position=position or "", until=until), event.title,
             i18n.say(N_("When: {when}")).format(when=speaker.datetime(event.starts_at))]
    if status == "confirmed":
        place = event.venue if not online(registration) else (
            "" if meeting_link(event.online_url) else event.online_url)
        if place:
            lines.append(i18n.say(N_("Where: {place}")).format(place=place))
        lines.append(i18n.say(N_("Ticket code: {code}")).format(code=registration.ticket))
    return lines
