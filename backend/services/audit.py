"""Journal of every action with personal data (regulation 3.4, FSTEC RSB.3).

Call inside the transaction of the action it records, so both land or neither does.
"""

from backend.models import AuditEvent


async def log(
    actor: str,
    action: str,
    object_type: str,
    object_id: object,
    *,
    channel: str | None = None,
    address: str | None = None,
) -> None:
    """Record who did what to which record. Never pass personal values here, only ids."""
    await AuditEvent.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        channel=channel,
        address=address,
    )


async def list_for(object_type: str, object_id: object) -> list[AuditEvent]:
    return await AuditEvent.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "id"
    )
