from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from community.reviews.models import HIDE_REASONS

STARS = [("5", "★★★★★"), ("4", "★★★★☆"), ("3", "★★★☆☆"), ("2", "★★☆☆☆"), ("1", "★☆☆☆☆")]


class ReviewForm(FlaskForm):
    # Choices are checked by the service, so a bad value gets the same clear message everywhere.
    rating = RadioField(_l("Your rating"), choices=STARS, validate_choice=False)
    title = StringField(_l("Title"), validators=[Length(max=200)])
    body = TextAreaField(_l("Your review (Markdown)"))
    pros = TextAreaField(_l("Pros (optional)"))
    cons = TextAreaField(_l("Cons (optional)"))


class ResponseForm(FlaskForm):
    body = TextAreaField(_l("The brand's answer (Markdown)"))


class HideForm(FlaskForm):
    reason = SelectField(
        _l("Reason"),
        choices=[(r, r.replace("_", " ")) for r in HIDE_REASONS],
        validate_choice=False,
    )
