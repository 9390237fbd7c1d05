"""A member calling staff endpoints gets 403 everywhere: not only moderation's own routes (listed
in test_staff_access.py) but every /staff page and /api/v1/staff endpoint any capability
registers, found from the app's URL map so a new one is covered the day it is added."""

import re

import pytest

from tests.factories import api_token, login

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
STAFF_PREFIXES = ("/staff/", "/api/v1/staff/", "/admin/")
FORM = {"action": "approve", "reason": "spam", "text": "hi", "body": "x", "until": "2099-01-01", "name": "x"}


def _path(rule: str, ids: dict[str, int]) -> str:
    """Real ids where a route loads its object before checking permission (a 404 for a missing
    object would say nothing about access); 1 or "x" elsewhere."""
    return _CONVERTER.sub(lambda m: str(ids.get(m.group(2), 1)) if m.group(1) == "int" else "x", rule)


def _staff_routes(app, ids: dict[str, int] | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(STAFF_PREFIXES) or rule.rule in ("/staff", "/admin"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((method, _path(rule.rule, ids or {})))
    return sorted(routes)


def test_member_gets_403_on_every_staff_route_in_the_app(app, factory):
    member = factory.user("routes_member", trust_level=3)
    routes = _staff_routes(app, {"cat_id": factory.category().id, "user_id": member.id})
    assert len(routes) >= 50  # moderation, products, reviews, key points, ops, integrations, forum admin
    web = app.test_client()
    login(web, "routes_member")
    api = app.test_client()
    headers = api_token(api, "routes_member")
    wrong = {}
    for method, path in routes:
        if path.startswith("/api/"):
            resp = api.open(path, method=method, json=FORM, headers=headers)
        else:
            resp = web.open(path, method=method, data=FORM)
        if resp.status_code != 403:
            wrong[(method, path)] = resp.status_code
    assert wrong == {}


@pytest.mark.parametrize("role", ["ambassador"])
def test_ambassadors_are_not_moderators(app, factory, role):
    """Brand ambassadors answer for the brand but do not moderate: the queue, people, audit log
    and spam settings stay closed to them."""
    factory.user("routes_amb", role=role, trust_level=3)
    web = app.test_client()
    login(web, "routes_amb")
    for path in ("/staff/queue", "/staff/users/1", "/staff/audit", "/staff/spam"):
        assert web.get(path).status_code == 403, path


def test_visitor_is_sent_to_sign_in_or_gets_401(app):
    client = app.test_client()
    for method, path in _staff_routes(app):
        resp = client.open(path, method=method, json={} if path.startswith("/api/") else None)
        if path.startswith("/api/"):
            assert resp.status_code == 401, (method, path, resp.status_code)
        else:
            assert resp.status_code in (302, 401, 403), (method, path, resp.status_code)
            if resp.status_code == 302:
                assert "/login" in resp.headers["Location"], (method, path)
