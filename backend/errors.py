"""Every failure a resident or staff member can be told about, in one catalog."""

from backend.i18n import N_


class ServiceError(Exception):
    """A domain rule said no. `code` is a key of ERRORS; params fill its placeholders."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in ERRORS:
            raise KeyError(f"unknown error code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params


ERRORS = {
    "consent_required": N_(
        "This needs your consent to the processing of personal data. "
        "You can give it in «My data»."
    ),
    "consent_already_withdrawn": N_(
        "You have not given consent, so there is nothing to withdraw."
    ),
    "unknown_locale": N_("This language is not available."),
    "sign_in_failed": N_(
        "Wrong login or password, or the account is locked for a while. Try again later or ask "
        "an administrator."
    ),
    "login_invalid": N_(
        "A login is 3 to 64 characters: latin letters, digits, dot, dash, underscore."
    ),
    "login_taken": N_("This login is already taken."),
    "role_unknown": N_("Choose one of the roles."),
    "organization_required": N_("This role needs an organization."),
    "organization_unknown": N_("There is no such organization."),
    "organization_name_missing": N_("Write the organization's name."),
    "organization_exists": N_("An organization with this name exists."),
    "organization_kind_unknown": N_("Choose one of the kinds."),
    "password_too_short": N_("The password must have at least {length} characters."),
    "password_too_long": N_("The password must have at most {length} characters."),
    "password_too_simple": N_("The password needs at least 4 different characters."),
    "password_wrong": N_("The current password is wrong."),
    "password_attempts": N_(
        "Too many wrong passwords: you have been signed out, and the account is locked for a "
        "while. Try again later or ask an administrator."
    ),
    "password_reused": N_(
        "This password was used recently. Choose one not among your last {count}."
    ),
    "passwords_differ": N_("The two passwords differ."),
    "resident_anonymized": N_("This resident's data has already been anonymized."),
    "consultation_text_empty": N_("Write the message: it is empty."),
    "consultation_text_too_long": N_("The message is too long: at most {max} characters."),
    "consultation_not_found": N_("There is no such conversation."),
    "consultation_closed": N_("The conversation is closed. Reopen it to reply."),
    "consultation_file_empty": N_("The file is empty."),
    "consultation_file_too_big": N_("The file is too big: at most {max} KB."),
    "consultation_assignee_unknown": N_("Choose one of the consultants."),
    "consultation_another_open": N_(
        "This resident has another open conversation; reply there."
    ),
    "canned_incomplete": N_("A canned answer needs a title and a text."),
    "canned_exists": N_("A canned answer with this title exists."),
    "test_unavailable": N_("The test is not available right now. Please try again later."),
    "catalog_not_xlsx": N_("The file is not an XLSX workbook."),
    "catalog_not_utf8": N_("The file is not UTF-8 text. Save the CSV as UTF-8."),
    "catalog_empty": N_("The file is empty."),
    "catalog_missing_columns": N_("The header row lacks these columns: {columns}"),
    "catalog_not_csv": N_("The file is not a readable CSV table."),
    "catalog_too_large": N_("The file is larger than {max} MB. Split it into parts."),
    "catalog_too_many_rows": N_("The file has more than {max} rows. Split it into parts."),
    "catalog_unpacked_too_large": N_(
        "Unpacked, the workbook takes more than {max} MB, too much for a catalog. Split it "
        "into parts."),
    "contact_required": N_("We need your name and phone to pass the application on."),
    "program_unavailable": N_("This program is no longer open for applications."),
    "application_status_unknown": N_("Choose one of the statuses."),
    "application_not_found": N_("There is no such application, or it is not yours to see."),
    "weights_invalid": N_("A weight is a whole number from 0 to 3."),
    "too_many_subscriptions": N_("You can follow at most {limit} searches. Remove one in «My "
                                 "alerts» first."),
    "competency_name": N_("A competency name is 2 to 200 characters."),
    "competency_exists": N_("There is already a competency with this name."),
    "event_unavailable": N_("This event is no longer open for registration."),
    "registration_closed": N_("Registration for this event has closed."),
    "event_age": N_("This event is for ages {ages}."),
    "registration_not_active": N_("This registration is no longer active."),
    "cancellation_closed": N_("It is too late to cancel online. Please call the organizers."),
    "offer_expired": N_("Sorry, the time to take this seat has passed."),
    "registration_not_pending": N_("This registration is not awaiting approval."),
    "ticket_not_valid": N_("No valid ticket with this code for this event."),
    "message_length": N_("A message is 1 to 2000 characters."),
    "broadcast_text": N_("A broadcast needs a title (up to 200 characters) and a text (up to "
                         "4000)."),
    "broadcast_image": N_("The picture must be a PNG or JPEG file of at most 1 MB."),
    "broadcast_state": N_("The broadcast cannot do that in its present state."),
    "broadcast_past": N_("Choose a time in the future."),
    "broadcast_test_unlinked": N_("Tests go only to your own chats: link your Telegram or VK "
                                  "first (Your chats)."),
    "link_code_wrong": N_("This code is wrong or has expired. Please get a new one in the admin "
                          "panel."),
    "survey_closed": N_("This survey is closed. Thank you for your interest!"),
    "survey_not_for_you": N_("This survey is meant for other residents."),
    "survey_done": N_("You have already answered this survey. Thank you!"),
    "test_invalid": N_("Fill in every field (texts up to 300 characters): {fields}"),
    "synonym_phrase_missing": N_("Write the phrase people use."),
    "synonym_phrase_long": N_("A phrase is at most {max} characters."),
    "synonym_phrase_empty": N_("The search would not notice this phrase: it needs words with "
                               "letters, not only words like «и», «хочу» or «курсы»."),
    "synonym_target": N_("Choose a competency or write catalog words: one of the two."),
    "synonym_words": N_("Catalog words are up to {max} characters, with at least one word "
                        "that carries meaning."),
    "synonym_unknown_competency": N_("There is no such competency."),
    "synonym_shipped": N_("The search already knows «{phrase}»: it leads to {target}."),
    "synonym_exists": N_("There is already a synonym «{phrase}»."),
}


# What is wrong with one field of a form or of a file's row: {field: (code, params)}, shown
# beside the field. One catalog for every form and import.
PROBLEMS = {
    "required": N_("this field is required"),
    "too_long": N_("too long (at most {limit} characters)"),
    "unknown_type": N_("unknown program type"),
    "unknown_form": N_("the form is очная, очно-заочная or заочная"),
    "bad_flag": N_("write да or нет"),
    "bad_number": N_("a whole number is expected"),
    "bad_date": N_("a date is written YYYY-MM-DD or DD.MM.YYYY"),
    "bad_url": N_("a link starts with http:// or https://"),
    "unknown_status": N_("the status is draft or published"),
    "min_hours": N_("this kind of program needs at least {hours} hours by law"),
    "hours_positive": N_("hours must be more than zero"),
    "price_negative": N_("the price cannot be negative"),
    "free_needs_categories": N_("a free program says who it is free for (free_for)"),
    "unknown_municipality": N_("no such municipality in the region"),
    "unknown_organization": N_("no such organization (import with «create missing» to add it)"),
    "unknown_competency": N_("no such competency (import with «create missing» to add it)"),
    "duplicate_code": N_("this code appears twice in the file"),
    "code_taken": N_("another program already has this code"),
    "bad_moment": N_("a date and time are expected"),
    "ends_before": N_("the end is before the start"),
    "after_start": N_("this deadline is after the start"),
    "capacity": N_("at least one seat, and not fewer than are taken ({taken})"),
    "ages": N_("ages are from 14 to 99, the lowest first"),
    "place": N_("choose a municipality, or give an online link"),
    "hours": N_("whole hours from 1 to 168, separated by commas"),
    "questions": N_("at most 10 questions of up to 200 characters, one per line"),
    "questions_en": N_("in English: one line for each question, in the same order, or none"),
    "unknown": N_("choose one of the options"),
    "closes_first": N_("it closes before it opens"),
    "no_questions": N_("add at least one question"),
    "options": N_("2 to 20 options, one per line"),
    "options_en": N_("in English: one line for each option, in the same order, or none"),
    "subscribes": N_("only a one-choice question can offer mailings (its first option)"),
    "condition": N_("a condition names an earlier question and one of its answers"),
}
