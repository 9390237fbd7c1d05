"""Parse a page and find anything that could run as script: the XSS oracle for tests."""

from __future__ import annotations

from html.parser import HTMLParser


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and a.get("type") != "application/ld+json" and not a.get("src", "").startswith("/static/"):
            self.problems.append(f"inline or foreign script: {a}")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                ("javascript:", "data:text", "vbscript:")
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
        if tag in ("iframe", "object", "embed", "base", "form") and tag != "form":
            self.problems.append(f"<{tag}>")


def active_content(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.problems
