"""Outbox consumers. Each capability registers its handlers with @outbox.handles on import."""

from __future__ import annotations


def register_handlers() -> None:
    # Imported for their @handles side effects. Capabilities add their module here.
    from community.notifications import fanout  # noqa: F401
    from community.reputation import handlers as reputation_handlers  # noqa: F401
    from community.search.handlers import register as register_search
    from community.solutions import handlers as solution_handlers  # noqa: F401

    register_search()
    import community.integrations.email
    import community.integrations.webhooks  # noqa: F401
    import moderation.keypoint_desk.handlers  # noqa: F401
