"""Passphrase encryption of backup files, streamed in chunks: AES-256-GCM from `cryptography`
with a key derived by scrypt from the passphrase and a random salt of each file.

Layout: MAGIC, scrypt's log2(n), r, p (one byte each), the 16-byte salt, a 16-byte check (an
empty message sealed under a nonce no chunk uses: a wrong passphrase is told from a damaged file),
then chunks of up to CHUNK bytes, each sealed with its own tag. A chunk's nonce is its number
and whether it is the last one, so a reordered, dropped or truncated chunk fails to open; the
header is associated data of every chunk. Counter nonces are safe because every file has its
own key (its own salt).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"COPPENC1"
CHUNK = 1 << 20
TAG = 16
SALT = 16
PREFIX = len(MAGIC) + 3 + SALT
HEADER = PREFIX + TAG
CHECK_NONCE = b"\xff" * 12
LOG2_N, R, P = 15, 8, 1  # scrypt: 32 MiB of memory, a fraction of a second


class DecryptionError(Exception):
    """Not our encrypted format, or the passphrase does not open it."""


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(passphrase.encode())
    return AESGCM(key)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class Encryptor:
    """Feed plaintext with update(), end with finish(); both return the bytes to store."""

    def __init__(self, passphrase: str) -> None:
        salt = os.urandom(SALT)
        prefix = MAGIC + struct.pack(">BBB", LOG2_N, R, P) + salt
        self._aead = _key(passphrase, salt, LOG2_N, R, P)
        self.header = prefix + self._aead.encrypt(CHECK_NONCE, b"", prefix)
        self._pending = bytearray()
        self._index = 0
        self._started = False

    def _seal(self, plain: bytes, last: bool) -> bytes:
        sealed = self._aead.encrypt(_nonce(self._index, last), plain, self.header)
        self._index += 1
        return sealed

    def update(self, data: bytes) -> bytes:
        out = bytearray()
        if not self._started:
            out += self.header
            self._started = True
        self._pending += data
        while len(self._pending) > CHUNK:  # keep the last chunk back: it is sealed as the last
            out += self._seal(bytes(self._pending[:CHUNK]), last=False)
            del self._pending[:CHUNK]
        return bytes(out)

    def finish(self) -> bytes:
        out = self.update(b"")
        return out + self._seal(bytes(self._pending), last=True)


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def decrypt(blocks: Iterable[bytes], passphrase: str) -> Iterator[bytes]:
    """Plaintext chunks of an encrypted stream; raises DecryptionError on the first bad one."""
    reader = _Reader(blocks)
    header = reader.read(HEADER)
    if len(header) < HEADER or not is_encrypted(header):
        raise DecryptionError("not an encrypted copp backup")
    log2_n, r, p = struct.unpack(">BBB", header[len(MAGIC):len(MAGIC) + 3])
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16):
        raise DecryptionError("not an encrypted copp backup")
    aead = _key(passphrase, header[PREFIX - SALT:PREFIX], log2_n, r, p)
    try:
        aead.decrypt(CHECK_NONCE, header[PREFIX:], header[:PREFIX])
    except InvalidTag:
        raise DecryptionError("the passphrase does not open this backup") from None
    current, index = reader.read(CHUNK + TAG), 0
    while True:
        following = reader.read(CHUNK + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(index, last), current, header)
        except InvalidTag:
            raise DecryptionError("the encrypted backup is damaged") from None
        if last:
            return
        current, index = following, index + 1


class _Reader:
    def __init__(self, blocks: Iterable[bytes]) -> None:
        self._blocks = iter(blocks)
        self._buffer = bytearray()

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            block = next(self._blocks, None)
            if block is None:
                break
            self._buffer += block
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
