"""Places in shared pages where a capability adds its own partial template without editing
the page (votes and "accept" on a post, flags, the product box on a thread, ...).

Slots: "post_actions" and "post_badges" (context: post, thread), "thread_header" and
"thread_aside" (context: thread), "home_aside" (no context), "profile" (context: profile).
"""

from __future__ import annotations

from collections import defaultdict

_slots: dict[str, list[str]] = defaultdict(list)


def add_partial(slot: str, template: str) -> None:
    if template not in _slots[slot]:
        _slots[slot].append(template)


def partials(slot: str) -> list[str]:
    return list(_slots.get(slot, ()))
