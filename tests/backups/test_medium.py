"""The copy on the removable medium: checked by sha256; a missing, read-only or full medium
is an alert (a warning line and the result), never an exception."""

import errno
import logging
import stat

import pytest

from backend.backups import copy_to_medium, make_backup, medium
from backend.backups.files import manifest_path, sha256_of


@pytest.fixture
async def backup(sqlite_url, tmp_path):
    return await make_backup(sqlite_url, tmp_path / "backups")


def test_the_copy_is_checked_and_private(backup, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    result = copy_to_medium(backup.path, usb)
    assert result.ok and result.problem is None
    copy = usb / backup.path.name
    assert sha256_of(copy) == backup.manifest.sha256
    assert manifest_path(copy).read_bytes() == manifest_path(backup.path).read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert sorted(p.name for p in usb.iterdir()) == [copy.name, f"{copy.name}.json"]


def test_a_missing_medium_is_an_alert(backup, tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        result = copy_to_medium(backup.path, tmp_path / "not-mounted" / "copp")
    assert not result.ok and "missing (not mounted?)" in result.problem
    assert [r.getMessage() for r in caplog.records] == [
        f"ALERT: backup copy not made: {result.problem}"]


@pytest.mark.parametrize("code, said", [(errno.EROFS, "is read-only or not writable"),
                                        (errno.EACCES, "is read-only or not writable"),
                                        (errno.ENOSPC, "is full")])
def test_an_unwritable_or_full_medium_is_an_alert(backup, tmp_path, monkeypatch, caplog,
                                                  code, said):
    usb = tmp_path / "usb"
    usb.mkdir()
    real_open = medium.open_private

    def refusing(path):  # the tests run as root, which file modes do not stop
        real_open(path)
        raise OSError(code, "simulated")

    monkeypatch.setattr(medium, "open_private", refusing)
    with caplog.at_level(logging.WARNING):
        result = copy_to_medium(backup.path, usb)
    assert not result.ok and result.problem == f"the medium {usb} {said}"
    assert "ALERT" in caplog.text
    assert list(usb.iterdir()) == []  # no partial file is left behind


def test_a_copy_that_reads_back_differently_is_an_alert(backup, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(medium, "sha256_of", lambda path: "0" * 64)
    result = copy_to_medium(backup.path, usb)
    assert not result.ok and "differs from the backup" in result.problem
    assert list(usb.iterdir()) == []
