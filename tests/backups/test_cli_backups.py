"""`copp backup` and `copp restore` as an operator runs them, on the embedded default."""

import asyncio
import json
import sqlite3
import subprocess
from pathlib import Path

from tests.backups.helpers import content, filled
from tests.conftest import create_pg_database, drop_pg_database
from tests.test_cli import COPP, embedded_env


def copp(*args: str, cwd, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([COPP, *args], env=embedded_env(**env), cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_backup_then_restore_with_exit_codes(tmp_path):
    assert copp("migrate", cwd=tmp_path).returncode == 0
    made = copp("backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    sha256, path = made.stdout.strip().splitlines()[-1].split("  ")
    assert path.startswith("data/backups/copp-") and path.endswith(".sqlite3")
    check = subprocess.run(["sha256sum", "-c"], input=f"{sha256}  {path}\n", text=True,
                           cwd=tmp_path, capture_output=True)
    assert check.returncode == 0, check.stdout  # the printed line is sha256sum's

    refused = copp("restore", path, cwd=tmp_path)
    assert refused.returncode == 2
    assert "not empty" in one_line(refused) and "--force" in one_line(refused)

    restored = copp("restore", path, "--force", cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "row counts match the manifest" in restored.stdout

    (tmp_path / "data" / "copp.sqlite3").unlink()
    assert copp("restore", path, cwd=tmp_path).returncode == 0


def test_a_bad_file_exits_non_zero_with_one_line(tmp_path):
    assert copp("migrate", cwd=tmp_path).returncode == 0
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    result = copp("restore", str(foreign), "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line(result).startswith("copp: restore refused: notes.txt: no manifest")
    missing = copp("restore", "nowhere.dump", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in one_line(missing)


def test_backup_to_a_directory_and_an_encrypted_restore(tmp_path):
    secret = {"COPP_BACKUP_PASSPHRASE": "секретная фраза"}
    assert copp("migrate", cwd=tmp_path).returncode == 0
    made = copp("backup", "--to", "elsewhere", cwd=tmp_path, **secret)
    assert made.returncode == 0, made.stderr
    path = made.stdout.split("  ")[1].strip()
    assert path.startswith("elsewhere/") and path.endswith(".sqlite3.enc")
    wrong = copp("restore", path, "--force", cwd=tmp_path, COPP_BACKUP_PASSPHRASE="другая")
    assert wrong.returncode == 2 and "passphrase does not open" in one_line(wrong)
    right = copp("restore", path, "--force", cwd=tmp_path, **secret)
    assert right.returncode == 0, right.stderr


def backup_runs(tmp_path) -> list[tuple[bool, dict]]:
    with sqlite3.connect(tmp_path / "data" / "copp.sqlite3") as conn:
        return [(bool(ok), json.loads(details)) for ok, details in conn.execute(
            "SELECT ok, details FROM maintenance_runs WHERE kind = 'backup' ORDER BY id")]


def test_a_backup_to_a_directory_counts_as_the_last_backup(tmp_path):
    assert copp("migrate", cwd=tmp_path).returncode == 0
    made = copp("backup", "--to", "usb", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    name = Path(made.stdout.split("  ")[1].strip()).name
    (tmp_path / "blocked").write_text("a file where the folder should be")
    failed = copp("backup", "--to", "blocked", cwd=tmp_path)
    assert failed.returncode == 2 and one_line(failed).startswith("copp: backup failed: ")
    [(ok, details), (failed_ok, failed_details)] = backup_runs(tmp_path)
    assert ok and details["file"] == name and details["to"] == str(tmp_path / "usb")
    assert details["size"] == (tmp_path / "usb" / name).stat().st_size
    assert not failed_ok and failed_details["problem"] and "file" not in failed_details


def test_a_missing_medium_is_an_alert_and_exit_code_1(tmp_path):
    assert copp("migrate", cwd=tmp_path).returncode == 0
    result = copp("backup", cwd=tmp_path, COPP_BACKUP_COPY_DIR=str(tmp_path / "usb"))
    assert result.returncode == 1
    assert "ALERT" in result.stderr and "missing (not mounted?)" in result.stderr
    assert len(list((tmp_path / "data" / "backups").glob("copp-*.sqlite3"))) == 1


def test_a_bad_backup_hour_is_a_configuration_error(tmp_path):
    result = copp("backup", cwd=tmp_path, COPP_BACKUP_HOUR="25")
    assert result.returncode == 2 and "COPP_BACKUP_HOUR" in one_line(result)


def test_backup_and_restore_on_postgres(tmp_path):
    source, target = asyncio.run(create_pg_database()), asyncio.run(create_pg_database())
    try:
        asyncio.run(filled(source))
        expected = asyncio.run(content(source))  # then the backup's record is added to it
        made = copp("backup", "--to", "pg", cwd=tmp_path, COPP_DATABASE_URL=source)
        assert made.returncode == 0, made.stderr
        path = made.stdout.split("  ")[1].strip()
        assert path.endswith(".dump")
        restored = copp("restore", path, cwd=tmp_path, COPP_DATABASE_URL=target)
        assert restored.returncode == 0, restored.stderr
        assert asyncio.run(content(target)) == expected
    finally:
        asyncio.run(drop_pg_database(source))
        asyncio.run(drop_pg_database(target))
