"""The desk's Chinese catalog covers every string its Python and templates mark for translation,
so a staff member reading Chinese never meets an English label on the desk."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
DESK_PO = ROOT / "moderation" / "keypoint_desk" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
CFG = "[python: moderation/keypoint_desk/**.py]\n[jinja2: templates/keypoint_desk/**.html]\n"


def _ids(messages) -> set:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in messages if m.id}


def test_every_desk_string_has_a_chinese_translation(tmp_path):  # type: ignore[no-untyped-def]
    cfg = tmp_path / "babel.cfg"
    cfg.write_text(CFG)
    pot = tmp_path / "desk.pot"
    extract = ["extract", "-F", str(cfg), "-k", "_l", "-k", "N_", "-o", str(pot), "."]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", *extract],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as fh:
        wanted = _ids(read_po(fh))
    with DESK_PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh")
    translated = _ids(
        m for m in catalog if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    )
    assert len(wanted) > 100
    assert wanted - translated == set()
    for m in catalog:
        if m.id and m.string:
            source = m.id[-1] if isinstance(m.id, (list, tuple)) else m.id
            for target in m.string if isinstance(m.string, (list, tuple)) else [m.string]:
                assert sorted(re.findall(r"%\(\w+\)s", source)) == sorted(re.findall(r"%\(\w+\)s", target)), m.id
