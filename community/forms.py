"""Form helpers shared by the web views."""

from __future__ import annotations

from flask_wtf import FlaskForm

from community.errors import ServiceError
from community.service_messages import translate_message


def apply_errors(form: FlaskForm, exc: ServiceError, default_field: str | None = None) -> str:
    """Mark a service's field errors on the form so the page re-shows the input with the problem."""
    unplaced = []
    for name, raw in (exc.fields or {}).items():
        problem = translate_message(raw)
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), problem]
        elif default_field and getattr(form, default_field, None) is not None:
            target = getattr(form, default_field)
            target.errors = [*list(target.errors or []), problem]
        else:
            unplaced.append(problem)
    message = translate_message(exc.message)
    return " ".join([message, *unplaced]) if unplaced or not exc.fields else message
