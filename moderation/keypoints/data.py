"""Readers for training data: SemEval-2014/2015/2016 XML, Peng et al. 2018 Chinese files, and
the staff-corrections JSONL the web app exports. Used by train.py and evaluate.py only; the
tagger never reads data at run time.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .text import detect_lang

POLARITIES = ("positive", "negative", "neutral", "conflict")


@dataclass
class Sentence:
    """One sentence with its aspect annotations (spans may be empty: category-only data)."""

    text: str
    lang: str
    source: str
    # (start, end, polarity); start/end None for a sentence-level (category) opinion
    opinions: list[tuple[int | None, int | None, str]] = field(default_factory=list)
    has_spans: bool = True  # False when the source does not annotate term spans at all


def _norm_pol(p: str) -> str:
    p = (p or "").strip().lower()
    return p if p in POLARITIES else ""


def read_semeval_xml(path: Path) -> list[Sentence]:
    """SemEval-2014 (aspectTerm) and 2015/16 (Opinion) formats.

    Whether term spans are annotated is decided per file: a 2014 file always marks its terms
    (a sentence without any is a negative example for extraction); a 2015/16 file marks them only
    if its opinions carry from/to offsets (the Chinese sets have categories only).
    """
    out = []
    root = ET.parse(path).getroot()  # noqa: S314
    is_2014 = root.find(".//aspectTerms") is not None or root.find(".//aspectTerm") is not None
    has_offsets = is_2014 or any(
        o.get("from") not in (None, "0") or o.get("to") not in (None, "0") for o in root.iter("Opinion")
    )
    for sent in root.iter("sentence"):
        text = sent.findtext("text") or ""
        if not text.strip():
            continue
        s = Sentence(text=text, lang=detect_lang(text), source=path.name, has_spans=has_offsets)
        if is_2014:
            for t in sent.iter("aspectTerm"):
                pol = _norm_pol(t.get("polarity", ""))
                s.opinions.append((int(t.get("from")), int(t.get("to")), pol))
        else:
            seen = set()
            for o in sent.iter("Opinion"):
                pol = _norm_pol(o.get("polarity", ""))
                tgt = o.get("target")
                if tgt and tgt != "NULL" and o.get("from") is not None:
                    key = (int(o.get("from")), int(o.get("to")))
                    if key in seen:
                        continue
                    seen.add(key)
                    s.opinions.append((key[0], key[1], pol))
                else:
                    s.opinions.append((None, None, pol))
        out.append(s)
    return out


def read_peng_apc(path: Path) -> list[Sentence]:
    """3-line records: sentence with $T$, aspect, Positive/Negative (chars space separated)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i in range(0, len(lines) - 2, 3):
        tmpl, asp, pol = lines[i], lines[i + 1], lines[i + 2]
        asp = asp.replace(" ", "")
        left, _, right = tmpl.partition("$T$")
        left, right = left.replace(" ", ""), right.replace(" ", "")
        text = left + asp + right
        out.append(
            Sentence(
                text=text,
                lang="zh",
                source=path.name,
                opinions=[(len(left), len(left) + len(asp), _norm_pol(pol))],
                has_spans=False,  # one aspect per record: other aspects are not marked
            )
        )
    return out


def read_peng_atepc(path: Path) -> list[Sentence]:
    """CoNLL-like char/BIO blocks; the same sentence repeats once per aspect, so merge them."""
    merged: dict[str, set[tuple[int, int]]] = {}
    block: list[tuple[str, str]] = []

    def flush() -> None:
        if not block:
            return
        text = "".join(c for c, _ in block)
        spans = merged.setdefault(text, set())
        start = None
        for i, (_, tag) in enumerate([*block, ("", "O")]):
            if start is not None and not tag.startswith("I-"):
                spans.add((start, i))
                start = None
            if tag.startswith("B-"):
                start = i
        block.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            flush()
            continue
        block.append((parts[0], parts[1]))
    flush()
    return [
        Sentence(text=t, lang="zh", source=path.name, opinions=[(a, b, "") for a, b in sorted(sp)])
        for t, sp in merged.items()
    ]


def read_corrections(rows: list[dict]) -> list[Sentence]:
    """Staff corrections, one dict per aspect; rows of the same text become one sentence.

    A row without start/end is a sentence-level judgement for its aspect (category).
    """
    by_text: dict[str, Sentence] = {}
    for r in rows:
        text = r.get("text") or ""
        if not text.strip():
            continue
        s = by_text.get(text)
        if s is None:
            s = by_text[text] = Sentence(text=text, lang=r.get("lang") or detect_lang(text), source="corrections")
        start, end = r.get("start"), r.get("end")
        if start is None or end is None:
            asp = r.get("aspect") or ""
            k = text.lower().find(asp.lower()) if asp else -1
            if k >= 0:
                start, end = k, k + len(asp)
        s.opinions.append(
            (
                int(start) if start is not None else None,
                int(end) if end is not None else None,
                _norm_pol(r.get("polarity", "")),
            )
        )
    return list(by_text.values())


def load_corrections_file(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_dir(data_dir: str, exclude: tuple[str, ...] = ()) -> dict[str, list[Sentence]]:
    """All recognised files in data_dir, keyed by file name (sorted for reproducibility)."""
    out: dict[str, list[Sentence]] = {}
    for p in sorted(Path(data_dir).iterdir()):
        if p.name in exclude or any(p.match(x) for x in exclude):
            continue
        if p.suffix == ".xml":
            out[p.name] = read_semeval_xml(p)
        elif p.name.endswith(".apc.txt"):
            out[p.name] = read_peng_apc(p)
        elif p.name.endswith(".atepc.txt"):
            out[p.name] = read_peng_atepc(p)
    return out
