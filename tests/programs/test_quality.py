"""Search quality on the demo catalog: queries people write, hit@3 printed."""

from datetime import UTC, datetime

from backend.demo import programs as demo_programs
from tests.programs.quality import cases, hit_at_3


async def test_hit_at_3_on_the_query_set(mode, capsys):
    await demo_programs.seed(datetime(2026, 11, 28, tzinfo=UTC))
    score, misses = await hit_at_3()
    with capsys.disabled():
        print(f"\nsearch quality: hit@3 = {score:.3f} on {len(cases())} queries ({mode.name})")
        for miss in misses:
            print("  miss:", miss)
    assert len(cases()) >= 50
    assert score >= 0.95, misses
