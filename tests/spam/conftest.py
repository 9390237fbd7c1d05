"""Shared fixtures for the spam filter tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderation.spam import SpamPolicy

FIXTURES = Path(__file__).with_name("fixtures")
BRAND = SpamPolicy(allowed_domains=("acme.com", "acme.com.cn"))


def load_json(name: str):
    return json.loads((FIXTURES / name).read_text("utf-8"))


@pytest.fixture(scope="session")
def ham_posts() -> list[dict]:
    return load_json("ham_posts.json")


@pytest.fixture(scope="session")
def spam_posts() -> dict[str, list[str]]:
    return load_json("spam_posts.json")
