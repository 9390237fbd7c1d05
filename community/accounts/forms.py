from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class SignUpForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=32)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class SignInForm(FlaskForm):
    login = StringField(_l("Username or email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


class SettingsForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[("", _l("Browser default")), ("en", "English"), ("zh", "中文")])
    timezone = StringField(_l("Time zone"), validators=[Length(max=64)])
    bio = TextAreaField(_l("About you"), validators=[Length(max=2000)])
