"""The query language readers type, parsed into a small AST that each backend compiles itself.

Raw input never reaches Whoosh's parser or to_tsquery(): every operator character a user types
is just a separator here, so `" ( * : & !`, SQL-looking text, emoji or unbalanced quotes can
only ever produce (possibly zero) plain terms, never a syntax error.

Grammar (deliberately tiny): words; "quoted phrases"; -word and -"phrase" exclude.
An unbalanced quote makes the rest of the line a phrase, as most engines do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from community.search import analysis

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 16
_CLAUSE_RE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass
class Clause:
    """One word or phrase after analysis: tokens are index terms (stemmed, segmented)."""

    text: str
    tokens: list[str]
    phrase: bool = False


@dataclass
class Query:
    raw: str
    must: list[Clause] = field(default_factory=list)
    must_not: list[Clause] = field(default_factory=list)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        """Nothing positive to look for (only exclusions or only punctuation)."""
        return not self.must

    def positive_tokens(self) -> list[str]:
        return [t for c in self.must for t in c.tokens]

    def words(self) -> list[str]:
        """The user's own positive words, unstemmed, for "did you mean"."""
        return [w for c in self.must if not c.phrase for w in c.text.split()]


def parse(raw: str | None) -> Query:
    text = (raw or "").replace("\x00", " ").strip()
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS]
    query = Query(raw=text, truncated=truncated)
    for m in _CLAUSE_RE.finditer(text):
        if m.group(2) is not None or m.group(0).startswith(('"', '-"')):
            negate, body, phrase = m.group(1) == "-", m.group(2) or "", True
        else:
            negate, body, phrase = m.group(3) == "-", m.group(4), False
        toks = analysis.terms(body)
        if not toks:
            continue
        clause = Clause(text=body.strip(), tokens=toks, phrase=phrase and len(toks) > 1)
        target = query.must_not if negate else query.must
        if len(query.must) + len(query.must_not) >= MAX_CLAUSES:
            query.truncated = True
            break
        target.append(clause)
    return query
