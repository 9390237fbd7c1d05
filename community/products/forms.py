from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class ProductForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=120)])
    slug = StringField(_l("Slug (in the address)"), validators=[Length(max=80)])
    short_description = StringField(_l("Short description"), validators=[Length(max=300)])
    description = TextAreaField(_l("Description (Markdown)"))
    category = SelectField(_l("Category"), coerce=str, validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=[("active", _l("Active")), ("discontinued", _l("Discontinued"))],
        validate_choice=False,
    )
    image = FileField(_l("Image (PNG, JPEG, WebP or GIF, at most 5 MB)"))


class CodesForm(FlaskForm):
    count = IntegerField(_l("How many codes"), default=10, validators=[Optional()])


class OwnerForm(FlaskForm):
    username = StringField(_l("Member's username"), validators=[Length(max=32)])


class RedeemForm(FlaskForm):
    code = StringField(_l("Purchase code"), validators=[Length(max=32)])
