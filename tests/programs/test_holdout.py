"""Search quality on a catalog the engine was never tuned on: 160 programs written by someone
who did not read the engine, imported through the documented CSV format, and their queries.
Printed by kind; the floor only guards against a fall (the goal is the main set's 0.95)."""

import json
from pathlib import Path

from backend.services import programs_files, programs_search
from tests.programs.quality import measure

DATA = Path(__file__).resolve().parents[1] / "data"


async def test_hit_at_3_on_the_held_out_catalog(mode, capsys):
    csv = (DATA / "search_holdout.csv").read_bytes()
    report = await programs_files.import_programs(csv, "holdout.csv", actor="test",
                                                  create_missing=True)
    assert report.created == 160 and not report.problems
    programs_search.invalidate()
    queries = json.loads((DATA / "search_holdout_queries.json").read_text(encoding="utf-8"))
    quality = await measure(queries)
    with capsys.disabled():
        print(f"\nheld-out search quality on {len(queries)} queries ({mode.name}): "
              f"{quality.report()}")
        for miss in quality.misses:
            print("  miss:", miss)
    assert quality.overall >= 0.9, quality.misses
