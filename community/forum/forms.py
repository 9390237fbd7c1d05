from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

KIND_CHOICES = [
    ("question", _l("Question: ask the community")),
    ("experience", _l("Experience: share a story")),
    ("discussion", _l("Discussion")),
]


class ThreadForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=str, validators=[DataRequired()])
    kind = RadioField(_l("Kind"), choices=KIND_CHOICES, default="question", validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired()])
    # Products (issue 4): the product a question or experience is about; choices set by the view.
    product = SelectField(_l("Product (optional)"), coerce=str, validate_choice=False)


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply (Markdown)"), validators=[DataRequired()])
    reply_to = HiddenField()


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired()])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    slug = StringField(_l("Slug"), validators=[Length(max=64)])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])
    staff_only = BooleanField(_l("Staff only"))
    premoderate = BooleanField(_l("Hold first posts of new members for review"))


class MoveThreadForm(FlaskForm):
    category = SelectField(_l("Move to category"), coerce=str, validators=[DataRequired()])
