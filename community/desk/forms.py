from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

LANGUAGE_CHOICES = [("en", "English"), ("zh", "中文")]


class CannedForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    body = TextAreaField(_l("Answer (Markdown)"), validators=[DataRequired()])
    tags = StringField(_l("Tags (separated by spaces or commas)"), validators=[Length(max=255)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="en")
