"""Command-line tools: `flask users create`, `flask demo load|clear`, `flask outbox drain`, ..."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from community.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="The transactional outbox of derived-data events.")
posts_cli = AppGroup("posts", help="Stored posts.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["member", "ambassador", "moderator", "admin"]), default="member")
def users_create(username: str, email: str, password: str, role: str) -> None:
    """Create an account of any role (the first admin is made this way)."""
    from community.accounts import service
    from community.errors import ServiceError

    try:
        user = service.register(username, email, password, role=role)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(f"{exc.message} {details}".strip()) from exc
    click.echo(f"Created {role} {user.username} (id {user.id}).")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["member", "ambassador", "moderator", "admin"]))
def users_set_role(username: str, role: str) -> None:
    from community.accounts import service

    user = service.find_user(username)
    if user is None:
        raise click.ClickException("No such user.")
    service.set_role(None, user, role)
    db.session.commit()
    click.echo(f"{user.username} is now {role}.")


@outbox_cli.command("drain")
def outbox_drain() -> None:
    """Apply every due event now (embedded mode does this after each request)."""
    from community.outbox import drain, pending_count

    total = 0
    while n := drain(limit=1000):
        total += n
    click.echo(f"Applied {total} events; {pending_count()} pending.")


@posts_cli.command("recook")
def posts_recook() -> None:
    """Re-render every post's HTML (after the Markdown or sanitizer rules change)."""
    from community.forum.models import Post
    from community.markup import COOK_VERSION, cook

    ids = list(db.session.scalars(select(Post.id).order_by(Post.id)))
    with click.progressbar(ids, label="Re-cooking posts") as bar:
        for i, post_id in enumerate(bar, 1):
            post = db.session.get(Post, post_id)
            post.body_html = cook(post.body)
            post.cook_version = COOK_VERSION
            if i % 500 == 0:
                db.session.commit()
    db.session.commit()


email_cli = AppGroup("email", help="Email over SMTP.")


@email_cli.command("digest")
@click.option("--hours", type=int, default=24, help="What is new in the last HOURS (run daily from cron).")
def email_digest(hours: int) -> None:
    """Send the digest of new threads to every member who has not unsubscribed."""
    from datetime import timedelta

    from community.integrations.email import send_digests
    from community.timeutil import utcnow

    sent, skipped = send_digests(utcnow() - timedelta(hours=hours))
    click.echo(f"Sent {sent} digests; {skipped} members had nothing new or unsubscribed.")


def register_cli(app: Flask) -> None:
    from community.demo.cli import demo_cli
    from community.ops.backup import backup_command, restore_command
    from community.reputation.cli import reputation_cli
    from community.search.cli import search_cli
    from community.worker.cli import worker_command
    from moderation.cli import spam_cli
    from moderation.keypoint_desk.cli import keypoints_cli

    commands = (worker_command, backup_command, restore_command, email_cli)
    groups = (users_cli, outbox_cli, posts_cli, demo_cli, reputation_cli, search_cli, keypoints_cli, spam_cli)
    for group in (*groups, *commands):
        app.cli.add_command(group)
