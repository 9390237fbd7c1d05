"""The core catalog covers every string the core templates and Python mark for translation, so a
new English string cannot slip into the Chinese UI untranslated."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from tests.i18n.conftest import CORE_PO, ROOT


def test_every_core_string_has_a_chinese_translation(tmp_path):  # type: ignore[no-untyped-def]
    pot = tmp_path / "core.pot"
    cfg = ROOT / "community" / "translations" / "babel.cfg"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            str(cfg),
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(fh) if m.id}
    with CORE_PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh")
    translated = {
        m.id if isinstance(m.id, str) else tuple(m.id)
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    assert wanted - translated == set()


def test_placeholders_survive_translation():  # type: ignore[no-untyped-def]
    import re

    with CORE_PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh")
    for m in catalog:
        if not (m.id and m.string):
            continue
        source = m.id[-1] if isinstance(m.id, (list, tuple)) else m.id  # plural: the "many" form
        targets = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        names = sorted(re.findall(r"%\(\w+\)s", source))
        for target in targets:
            assert names == sorted(re.findall(r"%\(\w+\)s", target)), m.id
