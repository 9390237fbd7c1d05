from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class WebhookForm(FlaskForm):
    url = StringField(_l("Receiver URL"), validators=[DataRequired(), Length(max=500)])
    events = StringField(_l("Events"), validators=[DataRequired(), Length(max=2000)])
    description = StringField(_l("Description"), validators=[Length(max=200)])
