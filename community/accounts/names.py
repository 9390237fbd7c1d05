"""Username rules: readable, unique regardless of case or width, and never a look-alike of staff."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

USERNAME_RE = re.compile(r"^[\w\u4e00-\u9fff][\w.\-\u4e00-\u9fff]{0,30}[\w\u4e00-\u9fff]$")
# Two Chinese characters make a whole name (李明, 小雨); two Latin letters are too easy to mistake.
_CJK_PAIR = re.compile(r"^[\u4e00-\u9fff]{2}$")
RESERVED = {
    "admin", "administrator", "moderator", "mod", "staff", "support", "system", "root",
    "official", "brand", "ambassador", "help", "security", "api", "null", "anonymous",
}  # fmt: skip

# Characters that read alike after transliteration (0/o, 1/l/i, rn/m, vv/w ...).
_FOLD = str.maketrans(
    {"0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "5": "s", "$": "s", "4": "a", "@": "a", "7": "t"}
)


def username_key(name: str) -> str:
    """The uniqueness key: NFKC (full-width → half-width) and casefold."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def skeleton(name: str) -> str:
    """A look-alike skeleton: 'Аdmіn' (Cyrillic), 'adm1n', 'a_d_m_i_n' and 'ADMIN' all give 'adrnln'."""
    text = anyascii(unicodedata.normalize("NFKC", name)).casefold()
    text = re.sub(r"[\s._\-]+", "", text)
    text = text.translate(_FOLD)
    return text.replace("rn", "m").replace("vv", "w").replace("cl", "d")


def username_problem(name: str, staff_names: list[str]) -> str | None:
    """Why this username cannot be taken, or None."""
    if not name or not name.strip():
        return "Choose a username."
    if name != name.strip():
        return "Usernames cannot start or end with spaces."
    if (len(name) < 3 and not _CJK_PAIR.match(name)) or len(name) > 32:
        return "Usernames are 3 to 32 characters long (2 Chinese characters are enough)."
    if not USERNAME_RE.match(name):
        return "Use letters, digits, Chinese characters, '.', '_' or '-'."
    sk = skeleton(name)
    if username_key(name) in RESERVED or sk in {skeleton(r) for r in RESERVED}:
        return "This username is reserved."
    if any(sk == skeleton(staff) for staff in staff_names):
        return "This username is too similar to a staff member's."
    return None
