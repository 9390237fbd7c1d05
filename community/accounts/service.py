"""Account rules: sign-up, sign-in, sessions, password changes and personal API tokens."""

from __future__ import annotations

import secrets
import unicodedata

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select

from community.accounts.models import ROLES, ApiToken, LoginSession, User, hash_token
from community.accounts.names import username_key, username_problem
from community.accounts.passwords import hash_password, password_problem, verify_password
from community.errors import Conflict, NotAllowed, ValidationFailed
from community.extensions import db
from community.timeutil import utcnow

GENERIC_TAKEN = "This username or email cannot be used. Try another or sign in."


def _staff_names() -> list[str]:
    return list(db.session.scalars(select(User.username).where(User.role != "member")))


def normalize_email(email: str) -> str:
    try:
        info = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed("Check the email address.", {"email": str(exc)}) from exc
    return info.normalized.lower()


def register(username: str, email: str, password: str, role: str = "member", *, is_demo: bool = False) -> User:
    """Create an account. Duplicates get one message for username and email alike, so the form
    does not reveal which addresses have accounts."""
    username = unicodedata.normalize("NFC", (username or "")).strip()
    fields: dict[str, str] = {}
    problem = username_problem(username, _staff_names() if role == "member" else [])
    if problem:
        fields["username"] = problem
    try:
        email_norm = normalize_email(email or "")
    except ValidationFailed as exc:
        fields["email"] = "Enter a valid email address."
        email_norm = (email or "").strip().lower()
        del exc
    pw_problem = password_problem(password or "", [username, email_norm.split("@")[0]])
    if pw_problem:
        fields["password"] = pw_problem
    if role not in ROLES:
        fields["role"] = "Unknown role."
    if fields:
        raise ValidationFailed("Please correct the marked fields.", fields)
    taken = db.session.scalar(
        select(User.id).where((User.username_key == username_key(username)) | (User.email == email_norm))
    )
    if taken:
        raise Conflict(GENERIC_TAKEN, {"username": GENERIC_TAKEN}, code="account_unavailable")
    user = User(
        username=username,
        username_key=username_key(username),
        email=email_norm,
        password_hash=hash_password(password),
        role=role,
        trust_level=0 if role == "member" else 3,
        is_demo=is_demo,
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user(login: str) -> User | None:
    login = (login or "").strip()
    if "@" in login:
        return db.session.scalar(select(User).where(User.email == login.lower()))
    return db.session.scalar(select(User).where(User.username_key == username_key(login)))


def authenticate(login: str, password: str) -> User | None:
    """The user for these credentials, or None: the caller shows one message for every failure."""
    user = find_user(login)
    if not verify_password(user.password_hash if user else None, password or ""):
        return None
    return user


def sign_in_problem(user: User) -> str | None:
    """A suspended person is told why and until when, after the password proved who they are."""
    if user.is_suspended:
        until = user.suspended_until.strftime("%Y-%m-%d %H:%M UTC")
        return f"This account is suspended until {until}. Reason: {user.suspend_reason or '—'}"
    return None


def start_session(user: User, user_agent: str = "", ip: str = "") -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=hash_token(token), user_agent=user_agent[:255], ip=ip[:64]))
    user.last_seen_at = utcnow()
    user._session_token = token
    return token


def user_for_session(token: str) -> User | None:
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == hash_token(token)))
    if row is None:
        return None
    user = row.user
    if user.is_suspended:
        return None
    user._session_token = token
    return user


def end_session(token: str | None) -> None:
    """Sign-out deletes the session row: a replayed cookie then loads nobody."""
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == hash_token(token)))


def end_all_sessions(user: User, keep_token: str | None = None) -> None:
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(LoginSession.token_hash != hash_token(keep_token))
    db.session.execute(stmt)
    if keep_token is None:
        db.session.execute(
            ApiToken.__table__.update()
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def change_password(user: User, current: str, new: str) -> None:
    """Other browsers are signed out; this one stays signed in."""
    if not verify_password(user.password_hash, current or ""):
        raise ValidationFailed(
            "Please correct the marked fields.", {"current_password": "The current password is not right."}
        )
    problem = password_problem(new or "", [user.username, user.email.split("@")[0]])
    if problem:
        raise ValidationFailed("Please correct the marked fields.", {"new_password": problem})
    user.password_hash = hash_password(new)
    end_all_sessions(user, keep_token=user._session_token)


def set_password(user: User, new: str) -> None:
    """Admin/CLI reset: every session and token of the user ends."""
    problem = password_problem(new or "", [user.username, user.email.split("@")[0]])
    if problem:
        raise ValidationFailed(problem, {"password": problem})
    user.password_hash = hash_password(new)
    end_all_sessions(user)


def create_api_token(user: User, name: str = "api") -> str:
    """Returns the token once; only its hash is stored."""
    token = "bc_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), name=(name or "api")[:64]))
    return token


def user_for_api_token(token: str) -> User | None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or row.user.is_suspended:
        return None
    return row.user


def set_role(actor: User | None, user: User, role: str) -> None:
    from moderation.audit import record

    if role not in ROLES:
        raise ValidationFailed("Unknown role.", {"role": f"One of: {', '.join(ROLES)}"})
    if actor is not None and actor.role != "admin":
        raise NotAllowed("Only admins change roles.")
    before = user.role
    user.role = role
    if role != "member":
        user.trust_level = max(user.trust_level, 3)
    record(actor, "user.set_role", "user", user.id, before={"role": before}, after={"role": role})


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))
