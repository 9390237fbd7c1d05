"""Stylesheets are merged from several features' branches; an unbalanced brace silently swallows
every later rule (an unclosed @media block once hid the phone layout of whole pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS_FILES = sorted((Path(__file__).resolve().parent.parent / "static").rglob("*.css"))


@pytest.mark.parametrize("path", CSS_FILES, ids=lambda p: p.name)
def test_braces_balance(path: Path) -> None:
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', text)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for ch in line:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, f"{path.name}:{number}: '}}' closes nothing"
    assert depth == 0, f"{path.name}: {depth} block(s) left open"


def test_there_is_a_stylesheet() -> None:
    assert CSS_FILES
