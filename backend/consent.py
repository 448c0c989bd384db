"""Versioned consent texts (152-FZ art. 9; a separate document per purpose since 01.09.2025)."""

from __future__ import annotations

import hashlib

from backend.i18n import N_, gettext

PROCESSING = "processing"

# Bump the version whenever a text changes: stored answers keep the version they saw.
VERSIONS = {PROCESSING: "2026-11-28"}

TEXTS = {
    PROCESSING: N_(
        "Consent to the processing of personal data\n\n"
        "I agree that АНО ДПО «ЦОПП АО» (Arkhangelsk), the operator, processes my personal "
        "data: my messenger account id, the language I chose, and what I enter myself in this "
        "bot (name, phone number, municipality, age, answers to tests and surveys, "
        "registrations and applications).\n\n"
        "Purpose: to select educational programs and events for me, to register me for them "
        "and to contact me about them. Actions: collection, recording, storage, use, update "
        "and deletion, with or without automation. The data are stored in Russia.\n\n"
        "The consent is valid until I withdraw it or for 3 years after my last visit. I can "
        "withdraw it at any time with the /mydata command; my data will then be deleted "
        "within 30 days unless the law requires otherwise.\n\n"
        "Without this consent you can still read help and choose the language."
    ),
}


def text(purpose: str, locale: str) -> str:
    return gettext(locale, TEXTS[purpose])


def text_hash(purpose: str, locale: str) -> str:
    return hashlib.sha256(text(purpose, locale).encode()).hexdigest()
