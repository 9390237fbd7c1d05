"""create_app(): the one place that wires configuration, extensions, blueprints and commands."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from community.config import default_config, instance_path, load_secret_key


def create_app(config: dict[str, Any] | None = None) -> Flask:
    folder = (config or {}).get("INSTANCE_PATH") or instance_path()
    app = Flask(
        __name__,
        instance_path=folder,
        instance_relative_config=True,
        template_folder="templates",
        static_folder="static",
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(default_config(app.instance_path))
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)

    configure_request_state(app)
    configure_routing(app)
    configure_database(app)
    configure_auth(app)
    configure_i18n(app)
    configure_security(app)
    configure_blueprints(app)
    configure_errors(app)
    configure_cli(app)
    configure_outbox(app)
    configure_ops(app)
    return app


def configure_request_state(app: Flask) -> None:
    """Start every request with an empty `g`. Production gets that for free (one app context per
    request); a test that holds an app context would otherwise leak Flask-Login's cached user,
    Babel's locale and limiter state from one client's request into the next."""
    from flask import g

    def fresh_g() -> None:
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, fresh_g)


def configure_routing(app: Flask) -> None:
    from community.ops.routing import init_routing

    init_routing(app)


def configure_database(app: Flask) -> None:
    from community.database import init_database

    init_database(app)


def configure_auth(app: Flask) -> None:
    from community.accounts.loader import init_auth
    from community.extensions import csrf, limiter

    init_auth(app)
    csrf.init_app(app)
    limiter.init_app(app)


def configure_i18n(app: Flask) -> None:
    from community.i18n import init_i18n
    from community.templating import init_templating

    init_i18n(app)
    init_templating(app)


def configure_security(app: Flask) -> None:
    from community.security import init_security

    init_security(app)


def configure_blueprints(app: Flask) -> None:
    from community.blueprints import register_blueprints

    register_blueprints(app)


def configure_errors(app: Flask) -> None:
    from community.http_errors import init_errors

    init_errors(app)


def configure_cli(app: Flask) -> None:
    from community.cli import register_cli

    register_cli(app)


def configure_outbox(app: Flask) -> None:
    from community.handlers import register_handlers
    from community.outbox import drain_after_response

    register_handlers()
    app.after_request(drain_after_response)


def configure_ops(app: Flask) -> None:
    from community.ops import init_ops

    init_ops(app)
