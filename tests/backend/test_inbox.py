"""The inbox: stored once, handled once, in order per user, recovered after a crash."""

from datetime import UTC, datetime, timedelta

import pytest

from backend.db import dialect
from backend.models import InboxUpdate
from backend.services import inbox


async def test_same_update_is_stored_once(mode):
    assert await inbox.accept("telegram", "1", "tg:1", {"update_id": 1}) is True
    assert await inbox.accept("telegram", "1", "tg:1", {"update_id": 1}) is False
    assert await inbox.accept("vk", "1", "vk:1", {"event_id": "1"}) is True
    assert await InboxUpdate.all().count() == 2


async def test_updates_of_one_user_are_handled_in_arrival_order(mode):
    for n in range(5):
        await inbox.accept("telegram", str(n), "tg:7", {"n": n})
    seen = []

    async def process(update):
        seen.append(update.payload["n"])

    assert await inbox.drain("tg:7", process) == 5
    assert seen == [0, 1, 2, 3, 4]
    assert await InboxUpdate.filter(status="done").count() == 5


async def test_a_failing_update_is_retried_then_parked_without_blocking_others(mode):
    await inbox.accept("telegram", "1", "tg:1", {"n": 1})
    await inbox.accept("telegram", "2", "tg:1", {"n": 2})
    handled = []

    async def process(update):
        if update.payload["n"] == 1:
            raise RuntimeError("boom")
        handled.append(update.payload["n"])

    for _ in range(inbox.MAX_ATTEMPTS):
        await inbox.drain("tg:1", process)
    first = await InboxUpdate.get(key="1")
    assert (first.status, first.attempts, first.error) == ("failed", 3, "RuntimeError")
    assert handled == [2]


async def test_an_update_leased_by_a_dead_process_is_picked_up_again(mode):
    await inbox.accept("telegram", "9", "tg:9", {"n": 9})
    past = datetime.now(UTC) - timedelta(minutes=5)
    await InboxUpdate.filter(key="9").update(status="processing", lease_until=past, attempts=1)
    assert await inbox.waiting_user_keys("telegram") == ["tg:9"]
    seen = []

    async def process(update):
        seen.append(update.key)

    await inbox.drain("tg:9", process)
    assert seen == ["9"]


async def test_a_live_lease_is_left_alone(mode):
    await inbox.accept("telegram", "5", "tg:5", {})
    future = datetime.now(UTC) + timedelta(minutes=1)
    await InboxUpdate.filter(key="5").update(status="processing", lease_until=future)

    async def process(update):
        raise AssertionError("must not run")

    assert await inbox.drain("tg:5", process) == 0
    assert await inbox.waiting_user_keys("telegram") == []


async def test_purge_drops_only_old_handled_updates(mode):
    await inbox.accept("telegram", "old", "tg:1", {})
    await inbox.accept("telegram", "new", "tg:1", {})
    await inbox.accept("telegram", "waiting", "tg:2", {})
    long_ago = datetime.now(UTC) - timedelta(days=3)
    await InboxUpdate.filter(key__in=["old", "waiting"]).update(received_at=long_ago)
    await InboxUpdate.filter(key__in=["old", "new"]).update(status="done")
    assert await inbox.purge(timedelta(days=2)) == 1
    assert sorted(await InboxUpdate.all().values_list("key", flat=True)) == ["new", "waiting"]


async def test_an_update_the_outage_interrupted_goes_back_uncounted(mode):
    await inbox.accept("telegram", "1", "tg:1", {"n": 1})

    async def process(update):
        raise ConnectionRefusedError("PostgreSQL went away")

    async def outage(error):
        return True

    for _ in range(inbox.MAX_ATTEMPTS + 2):  # an outage never parks an update
        with pytest.raises(inbox.Interrupted):
            await inbox.drain("tg:1", process, outage=outage)
    update = await InboxUpdate.get(key="1")
    assert (update.status, update.attempts, update.lease_until) == ("pending", 0, None)


async def test_a_claim_whose_answer_was_lost_is_released_by_its_exact_lease(mode):
    await inbox.accept("telegram", "1", "tg:1", {})
    await inbox.accept("telegram", "2", "tg:2", {})
    lease = datetime.now(UTC) + timedelta(minutes=1)
    other = lease + timedelta(microseconds=1)
    await InboxUpdate.filter(key="1").update(status="processing", lease_until=lease, attempts=1)
    await InboxUpdate.filter(key="2").update(status="processing", lease_until=other, attempts=1)
    await inbox.settle([inbox.Unsettled("pending", user_key="tg:1", lease_until=lease),
                        inbox.Unsettled("pending", user_key="tg:2", lease_until=lease)])
    released = await InboxUpdate.get(key="1")
    assert (released.status, released.attempts) == ("pending", 0)
    assert (await InboxUpdate.get(key="2")).status == "processing"  # another claim's lease


async def test_an_update_of_a_user_with_nothing_unfinished_is_stored_leased(mode):
    lease = timedelta(minutes=1)
    fresh, first = await inbox.accept_leased("telegram", "1", "tg:1", {"n": 1}, lease)
    assert fresh
    if dialect() != "postgres":  # one process: stored pending, claimed as before
        assert first is None
        return
    assert (first.key, first.attempts) == ("1", 1)
    assert (await InboxUpdate.get(key="1")).status == "processing"
    assert await inbox.accept_leased("telegram", "1", "tg:1", {"n": 1}, lease) == (False, None)
    assert await inbox.accept_leased("telegram", "2", "tg:1", {"n": 2}, lease) == (True, None)
    assert (await InboxUpdate.get(key="2")).status == "pending"  # behind the first
    assert await inbox.waiting_user_keys("telegram") == ["tg:1"]  # the pending one
    seen = []

    async def process(update):
        seen.append(update.payload["n"])

    assert await inbox.drain("tg:1", process, leased=first) == 2
    assert seen == [1, 2]
    assert await InboxUpdate.filter(status="done").count() == 2


async def test_a_user_has_one_leased_update_at_most(mode):
    if dialect() != "postgres":
        pytest.skip("the index guards concurrent processes on PostgreSQL")
    from tortoise.exceptions import IntegrityError

    await inbox.accept("telegram", "1", "tg:1", {})
    await inbox.accept("telegram", "2", "tg:1", {})
    await InboxUpdate.filter(key="1").update(status="processing")
    with pytest.raises(IntegrityError):
        await InboxUpdate.filter(key="2").update(status="processing")
