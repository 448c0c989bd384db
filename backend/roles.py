"""Who may do what. One table; every admin view asks it about the object it touches."""

ADMIN, STAFF, TEACHER, EMPLOYER, CONTRACTOR = "admin", "staff", "teacher", "employer", "contractor"
ROLES = (ADMIN, STAFF, TEACHER, EMPLOYER, CONTRACTOR)

PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({ADMIN, STAFF}),
    "residents.view": frozenset({ADMIN, STAFF}),
    "residents.export": frozenset({ADMIN, STAFF}),
    "residents.anonymize": frozenset({ADMIN}),
    "career.stats": frozenset({ADMIN, STAFF}),
    "career.edit": frozenset({ADMIN, STAFF}),
    "catalog.manage": frozenset({ADMIN, STAFF}),
    "applications.manage": frozenset({ADMIN, STAFF, TEACHER}),
    "consultations.answer": frozenset({ADMIN, STAFF}),
    "events.manage": frozenset({ADMIN, STAFF, TEACHER}),
    "events.checkin": frozenset({ADMIN, STAFF, TEACHER}),
    "broadcasts.manage": frozenset({ADMIN, STAFF}),
    "surveys.manage": frozenset({ADMIN, STAFF}),
    "organizations.manage": frozenset({ADMIN, STAFF}),
    "accounts.manage": frozenset({ADMIN}),
    "journals.view": frozenset({ADMIN}),
}

# Roles tied to one organization see only that organization's records.
ORGANIZATION_ROLES = frozenset({TEACHER, EMPLOYER, CONTRACTOR})


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def permissions_of(role: str) -> list[str]:
    return [name for name, roles in PERMISSIONS.items() if role in roles]
