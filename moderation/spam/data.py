"""Reading training data: the TSV of labelled comments and JSONL moderator decisions.

Used only by training and evaluation (never at request time). The Chinese SMS set masks
digits as "x" (its publisher's choice); they are turned back into "0" so that phone numbers
and prices in the training data look like the ones real posts contain.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

_MASKED_DIGITS = re.compile(r"(?<![a-wyzA-WYZ])x+(?![a-wyzA-WYZ])")


@dataclass(frozen=True)
class Example:
    text: str
    spam: bool
    source: str


def unmask_digits(text: str) -> str:
    """ "xxx-xxxx" → "000-0000", leaving words that merely contain an x alone."""
    return _MASKED_DIGITS.sub(lambda m: "0" * len(m.group()), text)


def read_tsv(path: str) -> Iterator[Example]:
    """Rows of ``label<TAB>source<TAB>text`` with a header line; label is spam or ham."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if len(row) < 3 or row[0] == "label":
                continue
            label, source, text = row[0], row[1], "\t".join(row[2:])
            if label not in ("spam", "ham"):
                continue
            if source == "zh_sms":
                text = unmask_digits(text)
            yield Example(text, label == "spam", source)


def read_decisions(path: str) -> Iterator[Example]:
    """Moderator decisions, one JSON object per line: ``{"text": ..., "spam": bool}``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            yield Example(str(obj["text"]), bool(obj["spam"]), "decision")
