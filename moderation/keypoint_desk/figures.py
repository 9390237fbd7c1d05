"""The desk's figures: per key point counts, net sentiment, weekly trend and the change against
the previous period of the same length. Counts are exact integers; percentages are only ever
shown beside the counts they come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from community.errors import ValidationFailed
from community.extensions import db
from community.timeutil import parse_iso, utcnow
from moderation.keypoint_desk.alerts import week_start
from moderation.keypoint_desk.models import POLARITIES, KeyPoint, KeyPointMention
from moderation.keypoint_desk.tagging import keypoints_in_scope

DEFAULT_WEEKS = 8
MAX_WEEKS = 104


@dataclass(frozen=True)
class Period:
    since: datetime
    until: datetime  # exclusive

    @property
    def previous(self) -> Period:
        return Period(self.since - (self.until - self.since), self.since)

    def weeks(self) -> list[datetime]:
        out, w = [], week_start(self.since)
        while w < self.until:
            out.append(w)
            w += timedelta(weeks=1)
        return out


def parse_period(since: str | None, until: str | None, weeks: str | int | None = None) -> Period:
    """since/until as ISO dates (until inclusive of its day); default: the last eight whole weeks
    up to and including the current one."""
    try:
        n_weeks = int(weeks) if weeks not in (None, "") else DEFAULT_WEEKS
    except (TypeError, ValueError):
        raise ValidationFailed("weeks must be an integer.", {"weeks": "integer"}) from None
    if not 1 <= n_weeks <= MAX_WEEKS:
        raise ValidationFailed(f"weeks must be between 1 and {MAX_WEEKS}.", {"weeks": "out of range"})
    try:
        end = _day(until) + timedelta(days=1) if until else week_start(utcnow()) + timedelta(weeks=1)
        start = _day(since) if since else end - timedelta(weeks=n_weeks)
    except ValueError:
        raise ValidationFailed("Dates must look like 2026-11-23.", {"since": "date", "until": "date"}) from None
    if start >= end:
        raise ValidationFailed("since must be before until.", {"since": "after until"})
    if end - start > timedelta(weeks=MAX_WEEKS):
        raise ValidationFailed(f"The period may span at most {MAX_WEEKS} weeks.", {"since": "too far back"})
    return Period(start, end)


def _day(value: str) -> datetime:
    return parse_iso(value).replace(hour=0, minute=0, second=0, microsecond=0)


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(POLARITIES, 0)


@dataclass
class KeyPointFigures:
    keypoint: KeyPoint
    counts: dict[str, int] = field(default_factory=empty_counts)
    previous: dict[str, int] = field(default_factory=empty_counts)
    trend: list[dict] = field(default_factory=list)  # [{week, positive, negative, neutral, conflict, total}]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def previous_total(self) -> int:
        return sum(self.previous.values())

    @property
    def net(self) -> int:
        """Positive minus negative mentions: an exact count, its sign is the verdict."""
        return self.counts["positive"] - self.counts["negative"]

    @property
    def previous_net(self) -> int:
        return self.previous["positive"] - self.previous["negative"]

    @property
    def net_share(self) -> float | None:
        """net / total in percent (one decimal), None when there is nothing to divide."""
        return round(100 * self.net / self.total, 1) if self.total else None

    @property
    def change(self) -> dict[str, int]:
        """Differences against the previous period, per polarity, total and net."""
        out = {p: self.counts[p] - self.previous[p] for p in POLARITIES}
        out["total"] = self.total - self.previous_total
        out["net"] = self.net - self.previous_net
        return out

    def as_json(self) -> dict:
        kp = self.keypoint
        return {
            "keypoint": {
                "id": kp.id,
                "name_en": kp.name_en,
                "name_zh": kp.name_zh,
                "scope": kp.scope,
                "product_id": kp.product_id,
                "category_id": kp.category_id,
                "public": kp.public,
            },
            "counts": dict(self.counts),
            "total": self.total,
            "net": self.net,
            "net_share": self.net_share,
            "previous": {**self.previous, "total": self.previous_total, "net": self.previous_net},
            "change": self.change,
            "trend": [{**t, "week": t["week"].date().isoformat()} for t in self.trend],
        }


def keypoint_figures(product_id: int | None, period: Period) -> list[KeyPointFigures]:
    """Every key point that applies (to the product, or all of them brand-wide) with its figures.
    Bucketing happens in Python so SQLite and PostgreSQL give identical weeks."""
    if product_id is None:
        keypoints = list(db.session.scalars(select(KeyPoint).order_by(KeyPoint.id)))
    else:
        keypoints = [k for k in keypoints_in_scope(product_id, None)]
        keypoints += list(
            db.session.scalars(
                select(KeyPoint)
                .where(KeyPoint.category_id.is_not(None), KeyPoint.product_id.is_(None))
                .order_by(KeyPoint.id)
            )
        )
    figs = {k.id: KeyPointFigures(k) for k in keypoints}
    weeks = period.weeks()
    for f in figs.values():
        f.trend = [{"week": w, **empty_counts(), "total": 0} for w in weeks]
    prev = period.previous
    q = select(KeyPointMention.keypoint_id, KeyPointMention.polarity, KeyPointMention.created_at).where(
        KeyPointMention.keypoint_id.in_(list(figs)),
        KeyPointMention.created_at >= prev.since,
        KeyPointMention.created_at < period.until,
    )
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    first_week = weeks[0] if weeks else period.since
    for kid, polarity, created in db.session.execute(q):
        f = figs[kid]
        if polarity not in f.counts:
            continue
        if created < period.since:
            f.previous[polarity] += 1
            continue
        f.counts[polarity] += 1
        idx = (week_start(created) - first_week).days // 7
        if 0 <= idx < len(f.trend):
            f.trend[idx][polarity] += 1
            f.trend[idx]["total"] += 1
    out = list(figs.values())
    # keep only category key points that were actually mentioned for this product
    if product_id is not None:
        out = [f for f in out if f.keypoint.category_id is None or f.total or f.previous_total]
    out.sort(key=lambda f: (-f.total, f.keypoint.id))
    return out


def mentions_query(
    *,
    product_id: int | None = None,
    keypoint_id: int | None = None,
    aspect: str | None = None,
    polarity: str | None = None,
    lang: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    source_type: str | None = None,
    author_id: int | None = None,
    untagged: bool = False,
):  # type: ignore[no-untyped-def]
    """The rows behind any figure, newest first; every filter the desk and the API offer."""
    q = select(KeyPointMention)
    if product_id is not None:
        q = q.where(KeyPointMention.product_id == product_id)
    if keypoint_id is not None:
        q = q.where(KeyPointMention.keypoint_id == keypoint_id)
    if aspect:
        from moderation.keypoint_desk.tagging import fold

        q = q.where(KeyPointMention.aspect_key == fold(aspect))
    if polarity:
        if polarity not in POLARITIES:
            raise ValidationFailed("Unknown polarity.", {"polarity": " | ".join(POLARITIES)})
        q = q.where(KeyPointMention.polarity == polarity)
    if lang:
        q = q.where(KeyPointMention.lang == lang)
    if since is not None:
        q = q.where(KeyPointMention.created_at >= since)
    if until is not None:
        q = q.where(KeyPointMention.created_at < until)
    if source_type:
        q = q.where(KeyPointMention.source_type == source_type)
    if author_id is not None:
        q = q.where(KeyPointMention.author_id == author_id)
    if untagged:
        q = q.where(KeyPointMention.keypoint_id.is_(None))
    return q.order_by(KeyPointMention.created_at.desc(), KeyPointMention.id.desc())
