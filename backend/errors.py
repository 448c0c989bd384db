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
}
