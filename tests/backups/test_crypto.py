"""The streamed encryption: round trip over many chunks; anything altered fails to open."""

import os

import pytest

from backend.backups import crypto


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 64)
    monkeypatch.setattr(crypto, "LOG2_N", 10)  # fast tests; the header records the cost


def encrypt(data: bytes, passphrase: str = "correct horse", step: int = 50) -> bytes:
    box = crypto.Encryptor(passphrase)
    out = b"".join(box.update(data[i:i + step]) for i in range(0, len(data), step))
    return out + box.finish()


def decrypt(blob: bytes, passphrase: str = "correct horse", step: int = 100) -> bytes:
    blocks = (blob[i:i + step] for i in range(0, len(blob), step))
    return b"".join(crypto.decrypt(blocks, passphrase))


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 128, 1000])
def test_round_trip(size):
    data = os.urandom(size)
    blob = encrypt(data)
    assert size < 16 or data not in blob
    assert decrypt(blob) == data


def test_two_files_with_one_passphrase_differ():
    assert encrypt(b"same") != encrypt(b"same")


def test_the_wrong_passphrase_is_named():
    with pytest.raises(crypto.DecryptionError, match="passphrase"):
        decrypt(encrypt(b"x" * 500), "wrong")


@pytest.mark.parametrize("damage", ["flip", "truncate_chunk", "truncate_bytes", "swap"])
def test_altered_streams_do_not_open(damage):
    blob = bytearray(encrypt(os.urandom(64 * 5 + 10)))
    sealed = 64 + crypto.TAG
    first = crypto.HEADER
    if damage == "flip":
        blob[-5] ^= 1
    elif damage == "truncate_chunk":  # whole chunks dropped from the end
        blob = blob[:first + 2 * sealed]
    elif damage == "truncate_bytes":
        blob = blob[:-3]
    else:
        blob[first:first + 2 * sealed] = (blob[first + sealed:first + 2 * sealed]
                                          + blob[first:first + sealed])
    with pytest.raises(crypto.DecryptionError, match="damaged"):
        decrypt(bytes(blob))


def test_a_plain_file_is_not_taken_for_an_encrypted_one():
    with pytest.raises(crypto.DecryptionError, match="not an encrypted"):
        decrypt(b"PGDMP" + os.urandom(100))
