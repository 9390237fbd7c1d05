"""Ids beyond the id columns' range are 404s, not 500s (found by the schemathesis contract run)."""

from __future__ import annotations

import pytest

HUGE = "137718576716386385434209276133141118976"


@pytest.mark.parametrize("path", [f"/api/v1/threads/{HUGE}", f"/api/v1/posts/{HUGE}", f"/t/{HUGE}", f"/p/{HUGE}"])
def test_huge_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", [2**31 - 1, 2**31, 2**63 - 1, 2**63])
def test_ids_at_the_column_limits_are_plain_404s(client, value):
    assert client.get(f"/api/v1/threads/{value}").status_code == 404
    assert client.get(f"/api/v1/posts/{value}/revisions").status_code == 404


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_huge_ids_are_404_for_every_method_of_a_path(client, method):
    """A path served by several rules that differ by method (GET/PATCH/DELETE) must not turn an
    impossible id into 405 Method Not Allowed."""
    paths = [f"/api/v1/posts/{HUGE}", f"/api/v1/posts/{2**31}"]
    if method == "PATCH":  # threads have no DELETE: 405 is right there
        paths.append(f"/api/v1/threads/{HUGE}")
    for path in paths:
        resp = client.open(path, method=method, json={})
        assert resp.status_code in (401, 404), (path, resp.status_code)
    assert client.get(f"/api/v1/threads/{2**31}").status_code == 404
