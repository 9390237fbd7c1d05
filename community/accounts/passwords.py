"""Password policy and hashing. Hashing is Werkzeug's scrypt; strength is zxcvbn's estimate,
which knows the common-password lists, keyboard walks and l33t substitutions."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 256
HASH_METHOD = "scrypt"
# Verifying against this keeps "no such user" as slow as "wrong password" (no timing oracle).
_DUMMY_HASH = generate_password_hash("not-a-real-password-xyzzy", method=HASH_METHOD)


def hash_password(password: str) -> str:
    """scrypt; tests may lower its cost with PASSWORD_HASH_METHOD (the stored hash names its params)."""
    from flask import current_app, has_app_context

    method = current_app.config.get("PASSWORD_HASH_METHOD", HASH_METHOD) if has_app_context() else HASH_METHOD
    return generate_password_hash(password, method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(stored_hash, password)


def password_problem(password: str, user_inputs: list[str]) -> str | None:
    """Why this password is refused, or None. Common and guessable passwords are refused."""
    if not password:
        return "Choose a password."
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.casefold()
    for value in user_inputs:
        if value and len(value) >= 3 and value.casefold() in lowered:
            return "The password must not contain your username or email."
    result = zxcvbn(password[:100], user_inputs=[v for v in user_inputs if v])
    if result["score"] < 3:
        return "This password is too common or easy to guess; add words only you would pick."
    return None
