"""Template helpers: permission checks, times in the reader's zone, pagination links."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, g, request, url_for
from flask_babel import get_locale, get_translations, to_user_timezone
from flask_login import current_user
from markupsafe import Markup

from community.navigation import nav_links
from community.permissions import can
from community.security import safe_next
from community.service_messages import translate_message
from community.timeutil import isoformat, utcnow
from community.ui_hooks import partials


def ago(value: datetime | None) -> str:
    """ "3 h ago". One catalogue lookup per call (gettext() would resolve the locale's catalogue
    again for each string): list and thread pages call this 20 times."""
    if value is None:
        return ""
    seconds = int((utcnow() - value).total_seconds())
    if seconds >= 86400 * 30:
        return to_user_timezone(value).strftime("%Y-%m-%d")
    t = get_translations()
    if seconds < 60:
        return t.ugettext("just now")
    if seconds < 3600:
        return t.ugettext("%(n)s min ago") % {"n": seconds // 60}
    if seconds < 86400:
        return t.ugettext("%(n)s h ago") % {"n": seconds // 3600}
    return t.ugettext("%(n)s d ago") % {"n": seconds // 86400}


def local_time(value: datetime) -> str:
    """The reader's local time as "2026-05-01 14:30 CST": one numeric form reads well in English
    and Chinese, and avoids Babel's "medium" pattern, whose AM/PM lookup was a third of the
    thread page's render time (20 timestamps a page)."""
    return to_user_timezone(value).strftime("%Y-%m-%d %H:%M %Z").strip()


def time_tag(value: datetime | None) -> Markup:
    """<time> with the full local time in title and the machine time in datetime."""
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(isoformat(value), local_time(value), ago(value))


_ID_SENTINEL = 918273645


def id_url(endpoint: str, name: str, value: object, **values: object) -> str:
    """url_for(endpoint, name=value, **values) for an integer `value`, built by formatting a pattern
    that url_for made once per request: a thread page links each of its 20 posts several times,
    and url_for costs as much as the rest of a post's markup."""
    key = (endpoint, name, tuple(sorted(values.items())))
    patterns = g.setdefault("_id_url_patterns", {})
    pattern = patterns.get(key)
    if pattern is None:
        built = url_for(endpoint, **{name: _ID_SENTINEL}, **values)
        pattern = patterns[key] = built.replace("%", "%%").replace(str(_ID_SENTINEL), "%s", 1)
    return pattern % int(value)  # type: ignore[call-overload]


def url_with(**changes: object) -> str:
    args = request.args.to_dict()
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
        else:
            args[k] = str(v)
    return url_for(request.endpoint or "forum.home", **(request.view_args or {}), **args)


def template_can(action: str, obj: object = None) -> bool:
    """can() for templates, with the signed-in user itself rather than the current_user proxy:
    a rule reads several attributes of the user, and each read through the proxy costs a lookup."""
    return can(current_user._get_current_object(), action, obj)  # type: ignore[attr-defined]


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=template_can,
        url_with=url_with,
        id_url=id_url,
        time_tag=time_tag,
        get_locale=get_locale,
        safe_next=safe_next,
        nav_links=nav_links,
        partials=partials,
        # A plain str, so Jinja escapes it: messages can carry user text (a silence reason).
        translate_message=translate_message,
    )
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["iso"] = isoformat
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
