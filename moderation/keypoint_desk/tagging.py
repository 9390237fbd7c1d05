"""Tagging a source: strip its Markdown, run the tagger with the key points in scope, replace its
mention rows. Idempotent (the outbox may apply an event twice): a source's mentions are always
rebuilt from scratch, and staff corrections are re-applied on top."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, or_, select, update

from community.extensions import db
from community.timeutil import utcnow
from moderation.keypoint_desk.models import KeyPoint, KeyPointMention, MentionCorrection
from moderation.keypoint_desk.sources import Source, adapter, source_types
from moderation.keypoints import KeyPointDef, Tagger, strip_markdown

# Posts longer than this are tagged on their first 20,000 characters: a wall of pasted logs
# says nothing about key points and would stall the outbox.
MAX_TAG_CHARS = 20_000
MODEL_FILE = "keypoints_model.zip"
# After a full re-tag, alerts are re-tested over this many recent weeks.
BASELINE_CHECK_WEEKS = 4

_taggers: dict[tuple[str, float], Tagger] = {}


def model_path() -> str | None:
    """The retrained model (instance folder, written by `flask keypoints train`) or None for the
    default model shipped in moderation/keypoints/resources."""
    configured = current_app.config.get("KEYPOINTS_MODEL_PATH")
    path = configured or os.path.join(current_app.instance_path, MODEL_FILE)
    return path if os.path.exists(path) else None


def tagger() -> Tagger:
    path = model_path()
    if path is None:
        return Tagger.load()
    key = (path, Path(path).stat().st_mtime)
    if key not in _taggers:
        _taggers.clear()
        _taggers[key] = Tagger.load(path)
    return _taggers[key]


def keypoints_in_scope(product_id: int | None, category_id: int | None) -> list[KeyPoint]:
    conds = [(KeyPoint.product_id.is_(None)) & (KeyPoint.category_id.is_(None))]
    if product_id is not None:
        conds.append(KeyPoint.product_id == product_id)
    if category_id is not None:
        conds.append((KeyPoint.category_id == category_id) & KeyPoint.product_id.is_(None))
    return list(db.session.scalars(select(KeyPoint).where(or_(*conds)).order_by(KeyPoint.id)))


def as_defs(keypoints: list[KeyPoint]) -> tuple[KeyPointDef, ...]:
    return tuple(KeyPointDef(k.id, k.name_en or "", k.name_zh or "", tuple(k.synonyms or ())) for k in keypoints)


def fold(term: str) -> str:
    return " ".join(term.casefold().split())[:120]


def keypoint_for_aspect(aspect: str, keypoints: list[KeyPoint]) -> int | None:
    key = fold(aspect)
    for kp in keypoints:
        if any(fold(f) == key for f in kp.forms()):
            return kp.id
    return None


def drop_source(source_type: str, source_id: int) -> int:
    # Corrections stay (they are the brand's labels); only their link to the old row goes.
    db.session.execute(
        update(MentionCorrection)
        .where(MentionCorrection.source_type == source_type, MentionCorrection.source_id == source_id)
        .values(mention_id=None)
    )
    return db.session.execute(
        delete(KeyPointMention).where(
            KeyPointMention.source_type == source_type, KeyPointMention.source_id == source_id
        )
    ).rowcount


def _sentence_start(text: str, sentence: str, start: int, end: int) -> int:
    i = text.find(sentence)
    while i != -1:
        if i <= start and end <= i + len(sentence):
            return i
        i = text.find(sentence, i + 1)
    return start


def tag_source(
    source_type: str,
    source_id: int,
    *,
    check_alerts: bool = True,
    scope_cache: dict[tuple[int | None, int | None], list[KeyPoint]] | None = None,
) -> list[KeyPointMention]:
    """Replace the source's mentions; a missing or hidden source just loses its mentions.
    Any week whose key point figures changed is re-tested for an alert (new, refreshed or
    withdrawn)."""
    touched = (
        [
            (k, p, c)
            for k, p, c in db.session.execute(
                select(
                    KeyPointMention.keypoint_id,
                    KeyPointMention.product_id,
                    KeyPointMention.created_at,
                ).where(
                    KeyPointMention.source_type == source_type,
                    KeyPointMention.source_id == source_id,
                    KeyPointMention.keypoint_id.is_not(None),
                )
            )
        ]
        if check_alerts
        else []
    )
    drop_source(source_type, source_id)
    src = adapter(source_type).load(source_id)
    rows = []
    if src is not None:
        keypoints = None
        if scope_cache is not None:  # bulk re-tags: one key point query per scope, not per source
            key = (src.product_id, src.category_id)
            if key not in scope_cache:
                scope_cache[key] = keypoints_in_scope(*key)
            keypoints = scope_cache[key]
        rows = analyze_source(src, keypoints)
    db.session.add_all(rows)
    db.session.flush()
    touched += [(r.keypoint_id, r.product_id, r.created_at) for r in rows if r.keypoint_id]
    if check_alerts and touched:
        from moderation.keypoint_desk.alerts import check_weeks

        check_weeks(touched)
    return rows


def _listed_polarity(polarity: str, sentence: str, src: Source) -> str:
    """A neutral mention whose sentence sits in the review's Pros (Cons) field is positive
    (negative): listing an aspect there is the opinion."""
    if polarity != "neutral" or not (src.pros or src.cons):
        return polarity
    s = " ".join(sentence.split())
    if not s:
        return polarity
    for field, side in ((src.pros, "positive"), (src.cons, "negative")):
        if field and s in " ".join(strip_markdown(field).split()):
            return side
    return polarity


def analyze_source(src: Source, keypoints: list[KeyPoint] | None = None) -> list[KeyPointMention]:
    keypoints = keypoints if keypoints is not None else keypoints_in_scope(src.product_id, src.category_id)
    text = strip_markdown(src.text or "")[:MAX_TAG_CHARS]
    mentions = tagger().analyze(text, lang=src.lang if src.lang in ("en", "zh") else None, keypoints=as_defs(keypoints))
    corrections = list(
        db.session.scalars(
            select(MentionCorrection)
            .where(
                MentionCorrection.source_type == src.source_type,
                MentionCorrection.source_id == src.source_id,
            )
            .order_by(MentionCorrection.id)
        )
    )
    now = utcnow()
    rows = []
    for m in mentions:
        if not m.aspect.strip():
            continue
        sstart = _sentence_start(text, m.sentence, m.start, m.end)
        polarity = _listed_polarity(m.polarity, m.sentence, src)
        row = KeyPointMention(
            source_type=src.source_type,
            source_id=src.source_id,
            product_id=src.product_id,
            category_id=src.category_id,
            thread_id=src.thread_id,
            keypoint_id=m.keypoint_id,
            aspect=m.aspect[:120],
            aspect_key=fold(m.aspect),
            polarity=polarity,
            sentence=m.sentence,
            sentence_start=sstart,
            start=m.start,
            end=m.end,
            score=float(m.score),
            lang=m.lang or "en",
            author_id=src.author_id,
            created_at=src.created_at,
            tagged_at=now,
            corrected=False,
        )
        for c in corrections:  # the latest correction of this mention wins
            if c.text == m.sentence and fold(c.original_aspect) == row.aspect_key:
                apply_correction(row, c, keypoints)
        rows.append(row)
    return rows


def apply_correction(row: KeyPointMention, c: MentionCorrection, keypoints: list[KeyPoint]) -> None:
    row.polarity = c.polarity
    if fold(c.aspect) != row.aspect_key or row.aspect != c.aspect:
        row.aspect = c.aspect
        row.aspect_key = fold(c.aspect)
        row.start = row.sentence_start + c.start
        row.end = row.sentence_start + c.end
        row.keypoint_id = keypoint_for_aspect(c.aspect, keypoints)
    row.corrected = True


def retag_all(progress: Callable[[int], None] | None = None, batch: int = 200, commit: bool = True) -> int:
    """Rebuild every source's mentions (after a model or key point change), then the alerts.
    commit=False keeps it all in the caller's transaction (the demo loader)."""
    done = 0
    cache: dict[tuple[int | None, int | None], list[KeyPoint]] = {}
    for source_type in source_types():
        ids = list(adapter(source_type).ids(None, None))
        # sources that vanished without an event (bulk deletes) lose their mentions too
        stale = set(
            db.session.scalars(
                select(KeyPointMention.source_id).where(KeyPointMention.source_type == source_type).distinct()
            )
        ) - set(ids)
        for source_id in stale:
            drop_source(source_type, source_id)
        for i, source_id in enumerate(ids, 1):
            tag_source(source_type, source_id, check_alerts=False, scope_cache=cache)
            if commit and i % batch == 0:
                db.session.commit()
            if progress:
                progress(1)
            done += 1
    from moderation.keypoint_desk.alerts import check_all

    check_all(weeks=BASELINE_CHECK_WEEKS)
    if commit:
        db.session.commit()
    return done


def count_sources() -> int:
    return sum(len(list(adapter(t).ids(None, None))) for t in source_types())


def retag_scope(product_id: int | None, category_id: int | None) -> int:
    """Re-tag the sources a key point applies to (after it is created, edited or removed)."""
    n = 0
    cache: dict[tuple[int | None, int | None], list[KeyPoint]] = {}
    for source_type in source_types():
        for source_id in adapter(source_type).ids(product_id, category_id):
            tag_source(source_type, source_id, check_alerts=False, scope_cache=cache)
            n += 1
    return n
