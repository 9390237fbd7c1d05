"""Staff corrections of a mention's aspect or polarity. Each is kept as a labelled example
(`flask keypoints train` learns from them) and re-applied whenever its source is re-tagged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community.errors import NotFound, ValidationFailed
from community.extensions import db
from moderation.audit import record
from moderation.keypoint_desk.alerts import evaluate
from moderation.keypoint_desk.models import POLARITIES, KeyPointMention, MentionCorrection
from moderation.keypoint_desk.tagging import apply_correction, keypoints_in_scope


def get_mention(mention_id: int) -> KeyPointMention:
    m = db.session.get(KeyPointMention, mention_id)
    if m is None:
        raise NotFound("No such mention (it may have been re-tagged).")
    return m


def correct(user, mention: KeyPointMention, aspect: Any, polarity: Any) -> MentionCorrection:  # type: ignore[no-untyped-def]
    if polarity not in POLARITIES:
        raise ValidationFailed("Please correct the marked fields.", {"polarity": " | ".join(POLARITIES)})
    aspect = mention.aspect if aspect in (None, "") else aspect
    if not isinstance(aspect, str):
        raise ValidationFailed("Please correct the marked fields.", {"aspect": "Text expected."})
    aspect = " ".join(aspect.split())
    before, hl_aspect, _after = mention.highlight
    if aspect.casefold() == hl_aspect.casefold() and hl_aspect:
        start = len(before)
    else:
        start = mention.sentence.casefold().find(aspect.casefold())
        if start < 0 or not aspect:
            raise ValidationFailed(
                "Please correct the marked fields.",
                {"aspect": "The aspect must be words of the sentence."},
            )
    aspect = mention.sentence[start : start + len(aspect)]
    c = MentionCorrection(
        mention_id=mention.id,
        source_type=mention.source_type,
        source_id=mention.source_id,
        text=mention.sentence,
        aspect=aspect,
        start=start,
        end=start + len(aspect),
        polarity=polarity,
        lang=mention.lang,
        original_aspect=mention.aspect,
        original_polarity=mention.polarity,
        corrected_by_id=user.id,
    )
    db.session.add(c)
    old = {
        "aspect": mention.aspect,
        "polarity": mention.polarity,
        "keypoint_id": mention.keypoint_id,
    }
    apply_correction(mention, c, keypoints_in_scope(mention.product_id, mention.category_id))
    db.session.flush()
    record(
        user,
        "keypoints.correct",
        "keypoint_mention",
        mention.id,
        before=old,
        after={
            "aspect": mention.aspect,
            "polarity": mention.polarity,
            "keypoint_id": mention.keypoint_id,
        },
    )
    for kid in {old["keypoint_id"], mention.keypoint_id} - {None}:
        for pid in {None, mention.product_id}:
            evaluate(kid, pid, mention.created_at)
    return c


def training_examples() -> list[dict]:
    """Every correction (the latest per sentence and aspect) in the library's train() format."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for c in db.session.scalars(select(MentionCorrection).order_by(MentionCorrection.id.desc())):
        key = (c.text, c.original_aspect.casefold(), c.source_id)
        if key in seen:
            continue
        seen.add(key)
        out.append(c.as_example())
    return out
