"""Every blueprint, registered in one list so a reader sees the whole surface at a glance."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from community.accounts.views import bp as accounts
    from community.api import bp as api
    from community.desk.views import bp as desk
    from community.forum.views import bp as forum
    from community.integrations.email_views import bp as email
    from community.integrations.views import bp as integrations
    from community.notifications.views import bp as notifications
    from community.ops.health import bp as health
    from community.ops.views import bp as ops
    from community.pages import bp as pages
    from community.products.views import bp as products
    from community.reputation.views import bp as reputation
    from community.reviews.views import bp as reviews
    from community.search.views import bp as search
    from community.solutions.views import bp as solutions
    from community.votes.views import bp as votes
    from moderation.keypoint_desk.views import bp as keypoint_desk
    from moderation.views import bp as moderation

    for blueprint in (
        pages,
        accounts,
        forum,
        api,
        votes,
        solutions,
        reputation,
        notifications,
        desk,
        products,
        reviews,
        moderation,
        search,
        keypoint_desk,
        health,
        ops,
        integrations,
        email,
    ):
        app.register_blueprint(blueprint)
