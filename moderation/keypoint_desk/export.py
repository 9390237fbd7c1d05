"""CSV export of mentions with the desk's filters, streamed so a big export stays flat in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from community.extensions import db
from community.timeutil import isoformat

COLUMNS = [
    "mention_id",
    "created_at",
    "source_type",
    "source_id",
    "thread_id",
    "product_id",
    "keypoint_id",
    "keypoint",
    "aspect",
    "polarity",
    "score",
    "lang",
    "author",
    "sentence",
]


def _cell(value: object) -> object:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_lines(query) -> Iterator[str]:  # type: ignore[no-untyped-def]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buf.getvalue()  # BOM: Excel then reads the Chinese text as UTF-8
    for m in db.session.scalars(query.execution_options(yield_per=500)):
        buf.seek(0)
        buf.truncate()
        kp = m.keypoint
        writer.writerow(
            [
                _cell(v)
                for v in (
                    m.id,
                    isoformat(m.created_at),
                    m.source_type,
                    m.source_id,
                    m.thread_id,
                    m.product_id,
                    m.keypoint_id,
                    kp.label if kp else "",
                    m.aspect,
                    m.polarity,
                    f"{m.score:.3f}",
                    m.lang,
                    m.author.username if m.author else "",
                    m.sentence,
                )
            ]
        )
        yield buf.getvalue()
