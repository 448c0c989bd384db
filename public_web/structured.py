"""schema.org data for search engines: a program as a Course, an event as an Event.

Written into <script type="application/ld+json">: a data block, never run, so the strict CSP
needs no hash or nonce for it (script-src governs scripts the browser executes). `<`, `>` and
`&` are escaped as \\u sequences, so no text from the catalog can close the element.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from backend.events.values import EventInfo
from backend.services.programs import ProgramInfo, free_for_everyone

CONTEXT = "https://schema.org"


def as_script(data: dict) -> Markup:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{raw}</script>')  # noqa: S704 - escaped above


def course(program: ProgramInfo, url: str) -> dict:
    instance = {"@type": "CourseInstance",
                "courseMode": "online" if program.distance else "onsite",
                "courseWorkload": f"PT{program.hours}H"}
    if program.start_date:
        instance["startDate"] = program.start_date.isoformat()
    if program.place or program.municipality:
        instance["location"] = {"@type": "Place", "name": program.organization,
                                "address": program.place or program.municipality}
    offer = {"@type": "Offer", "price": program.price, "priceCurrency": "RUB",
             "category": "Free" if free_for_everyone(program) else
             ("Paid" if program.price else "Partially free"), "url": url}
    data = {"@context": CONTEXT, "@type": "Course", "name": program.title,
            "description": program.description or program.title, "courseCode": program.code,
            "url": url, "provider": {"@type": "Organization", "name": program.organization},
            "hasCourseInstance": [instance], "offers": [offer]}
    if program.document:
        data["educationalCredentialAwarded"] = program.document
    if program.competency:
        data["about"] = program.competency
    return data


def event(item: EventInfo, url: str, place: str, organizer: str) -> dict:
    online = item.municipality_id is None
    location = ({"@type": "VirtualLocation", "url": url} if online else
                {"@type": "Place", "name": item.venue or place,
                 "address": ", ".join(p for p in (place, item.venue) if p)})
    return {
        "@context": CONTEXT, "@type": "Event", "name": item.title,
        "description": item.description or item.title, "url": url,
        "startDate": item.starts_at.isoformat(), "endDate": item.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if item.status == "cancelled"
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": location, "isAccessibleForFree": True,
        "maximumAttendeeCapacity": item.capacity,
        "remainingAttendeeCapacity": item.seats_left,
        "organizer": {"@type": "Organization", "name": organizer},
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": "RUB", "url": url,
                   "availability": "https://schema.org/InStock" if item.seats_left
                   else "https://schema.org/SoldOut",
                   "validThrough": item.registration_deadline.isoformat()},
    }
