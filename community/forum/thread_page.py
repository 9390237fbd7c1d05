"""What the thread page asks once per page instead of once per post.

A 20-post page used to ask can() three or four times per post from the template, and url_for for
every link; the answers that are the same for every post (may this reader reply, see deleted
text) are asked here once, the ones that differ per post (edit, delete, restore: own post or
staff) once per post in Python, and author links once per author. The template reads the
answers; can() stays the only place that decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from community.forum.models import Post, Thread
from community.permissions import can


@dataclass(frozen=True)
class ThreadPageFacts:
    can_reply: bool
    see_deleted: bool
    # post id -> (edit, delete, restore)
    actions: dict[int, tuple[bool, bool, bool]] = field(default_factory=dict)
    # author id -> profile URL
    profiles: dict[int, str] = field(default_factory=dict)


def thread_page_facts(user: Any, thread: Thread, posts: list[Post]) -> ThreadPageFacts:
    actions: dict[int, tuple[bool, bool, bool]] = {}
    # Editing, deleting and restoring need a signed-in reader (own post or staff), so a
    # visitor's page asks nothing per post.
    if user is not None and getattr(user, "is_authenticated", False):
        for post in posts:
            actions[post.id] = (
                can(user, "post.edit", post),
                can(user, "post.delete", post),
                post.is_deleted and can(user, "post.restore", post),
            )
    profiles: dict[int, str] = {}
    for post in posts:
        if post.author_id not in profiles:
            profiles[post.author_id] = url_for("accounts.profile", username=post.author.username)
    return ThreadPageFacts(
        can_reply=can(user, "thread.reply", thread),
        see_deleted=can(user, "post.view_deleted"),
        actions=actions,
        profiles=profiles,
    )
