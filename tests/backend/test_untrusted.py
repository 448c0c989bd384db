"""Reading outside input: numbers, secrets and JSON that break the obvious code."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from aiohttp.test_utils import make_mocked_request
from hypothesis import given
from hypothesis import strategies as st

from backend.untrusted import MAX_ID, client_address, json_object, same_secret, whole
from tests.fuzz import FUZZ, JSON, VALUES


@pytest.mark.parametrize(("value", "expected"), [
    ("42", 42), ("007", 7), ("١٢", 12), ("²", None), ("-1", None), ("+1", None), ("1e3", None),
    (" 7", None), ("", None), ("9" * 20, None), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None),
    (5, 5), (True, None), (1.0, None), (None, None), ("9" * 100_000, None),
])
def test_whole_reads_numbers_and_nothing_else(value, expected):
    assert whole(value) == expected


@FUZZ
@given(value=st.one_of(VALUES, st.text(), st.integers()), low=st.integers(0, 10),
       high=st.integers(0, 10**12))
def test_whole_never_raises_and_keeps_to_its_bounds(value, low, high):
    number = whole(value, low, high)
    assert number is None or low <= number <= high


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000, b'{"a": ' + b"[" * 33 + b"]" * 33 + b"}",
    b'{"a": NaN}', b'{"a": 1e999}', b'{"a": "\\ud800"}', b'{"\\udfff": 1}', b"\xff", b"[]",
    b"null", b"",
])
def test_json_object_refuses_what_no_database_can_store(body):
    with pytest.raises(ValueError):
        json_object(body)


@FUZZ
@given(value=JSON)
def test_json_object_takes_any_json_object_of_sane_depth(value):
    body = json.dumps({"v": value}).encode()
    assert json_object(body) == {"v": value}


@FUZZ
@given(body=st.binary(max_size=100))
def test_json_object_raises_nothing_but_value_error(body):
    try:
        assert isinstance(json_object(body), dict)
    except ValueError:
        pass


@pytest.mark.parametrize("given_secret", ["пароль", "s3cr3t\udce9", "\ud800", "", "s3cr3t"])
def test_secrets_of_any_text_are_compared_without_raising(given_secret):
    assert same_secret(given_secret, "s3cr3t") is (given_secret == "s3cr3t")


def request_from(peer: str, forwarded: str | None = None):
    transport = mock.Mock()
    transport.get_extra_info.return_value = (peer, 40000)
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return make_mocked_request("GET", "/", headers=headers, transport=transport)


def test_the_client_address_is_the_one_our_nginx_added_and_nobody_elses():
    assert client_address(request_from("127.0.0.1", "203.0.113.5")) == "203.0.113.5"
    # nginx appends; what the client wrote itself comes first and is not read
    assert client_address(request_from("127.0.0.1", "10.0.0.1, 203.0.113.5")) == "203.0.113.5"
    assert client_address(request_from("::1", "2001:db8::7")) == "2001:db8::7"
    # a peer elsewhere cannot name another address
    assert client_address(request_from("198.51.100.2", "203.0.113.5")) == "198.51.100.2"
    assert client_address(request_from("127.0.0.1", "not an address")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1", "")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"
