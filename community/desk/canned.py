"""The canned answer shelf: ambassadors and staff write, edit and delete shared answers."""

from __future__ import annotations

import re

from sqlalchemy import or_, select, update

from community.accounts.models import User
from community.desk.models import LANGUAGES, CannedAnswer
from community.errors import NotAllowed, NotFound, ValidationFailed
from community.extensions import db
from community.timeutil import utcnow
from moderation.audit import record

MAX_BODY = 20000


def _require(user: User | None) -> User:
    from community.permissions import can

    if not can(user, "desk.canned"):
        raise NotAllowed("Canned answers are for ambassadors and staff.")
    return user  # type: ignore[return-value]


def _clean(title: object, body: object, tags: object, language: object) -> dict[str, object]:
    fields: dict[str, str] = {}
    title_s = title.strip() if isinstance(title, str) else ""
    if not 1 <= len(title_s) <= 120:
        fields["title"] = "A title of 1 to 120 characters."
    body_s = body.strip() if isinstance(body, str) else ""
    if not 1 <= len(body_s) <= MAX_BODY:
        fields["body"] = f"The answer text, 1 to {MAX_BODY} characters."
    if isinstance(tags, list | tuple):
        tags = " ".join(str(t) for t in tags)
    if tags is None:
        tags = ""
    tag_list: list[str] = []
    if not isinstance(tags, str):
        fields["tags"] = "A list of words."
    else:
        for tag in re.split(r"[\s,，]+", tags.lower()):
            if tag and tag not in tag_list:
                tag_list.append(tag[:32])
        if len(tag_list) > 10:
            fields["tags"] = "At most 10 tags."
    if language not in LANGUAGES:
        fields["language"] = "en or zh"
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    return {"title": title_s, "body": body_s, "tags": " ".join(tag_list), "language": language}


def shelf(
    user: User | None, language: str | None = None, tag: str | None = None, text: str | None = None
) -> list[CannedAnswer]:
    _require(user)
    q = select(CannedAnswer).order_by(CannedAnswer.language, CannedAnswer.title, CannedAnswer.id)
    if language:
        if language not in LANGUAGES:
            raise ValidationFailed("Unknown language.", {"language": "en or zh"})
        q = q.where(CannedAnswer.language == language)
    if tag:
        q = q.where(
            or_(
                CannedAnswer.tags == tag.lower(),
                CannedAnswer.tags.like(f"{tag.lower()} %"),
                CannedAnswer.tags.like(f"% {tag.lower()}"),
                CannedAnswer.tags.like(f"% {tag.lower()} %"),
            )
        )
    if text:
        like = f"%{text.strip()}%"
        q = q.where(or_(CannedAnswer.title.ilike(like), CannedAnswer.body.ilike(like)))
    return list(db.session.scalars(q))


def get(user: User | None, answer_id: int) -> CannedAnswer:
    _require(user)
    answer = db.session.get(CannedAnswer, answer_id)
    if answer is None:
        raise NotFound("No such canned answer.")
    return answer


def create(
    user: User | None,
    title: object,
    body: object,
    tags: object = "",
    language: object = "en",
    *,
    is_demo: bool = False,
) -> CannedAnswer:
    user = _require(user)
    data = _clean(title, body, tags, language)
    answer = CannedAnswer(**data, created_by_id=user.id, is_demo=is_demo)
    db.session.add(answer)
    db.session.flush()
    record(
        user,
        "canned.create",
        "canned_answer",
        answer.id,
        after={"title": answer.title, "language": answer.language},
    )
    return answer


def edit(
    user: User | None,
    answer: CannedAnswer,
    title: object,
    body: object,
    tags: object,
    language: object,
) -> CannedAnswer:
    user = _require(user)
    data = _clean(title, body, tags, language)
    before = {
        "title": answer.title,
        "body": answer.body,
        "tags": answer.tags,
        "language": answer.language,
    }
    for key, value in data.items():
        setattr(answer, key, value)
    answer.updated_at = utcnow()
    record(user, "canned.edit", "canned_answer", answer.id, before=before, after=data)
    return answer


def remove(user: User | None, answer: CannedAnswer) -> None:
    user = _require(user)
    record(
        user,
        "canned.delete",
        "canned_answer",
        answer.id,
        before={"title": answer.title, "body": answer.body},
    )
    db.session.delete(answer)


def used(answer: CannedAnswer) -> None:
    db.session.execute(
        update(CannedAnswer).where(CannedAnswer.id == answer.id).values(use_count=CannedAnswer.use_count + 1)
    )
