"""The site's spam classifier and what it learns from moderators.

Every approve/reject of spam-relevant content is stored as a SpamDecision row (so the model
can be retrained from scratch with `flask spam export` and
`flask spam train`) and fed at once to partial_fit of this app's model. Each
app has its own copy (loaded from SPAM_MODEL_PATH when it exists, else the seed model), so
what one site learns never leaks into another app in the same process (tests).
"""

from __future__ import annotations

import os
from array import array

from flask import current_app

from community.accounts.models import User
from community.extensions import db
from moderation.models import SpamDecision
from moderation.spam import Classifier


def classifier() -> Classifier:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    model = app.extensions.get("spam_classifier")
    if model is None:
        path = app.config.get("SPAM_MODEL_PATH") or os.path.join(app.instance_path, "spam_model.json.gz")
        if os.path.exists(path):
            model = Classifier.from_file(path)
        else:  # a private copy of the process-wide seed model: cheap, and partial_fit stays local
            seed = Classifier.load()
            model = Classifier(array("d", seed.weights), seed.bias, seed.meta, seed.calibration)
        app.extensions["spam_classifier"] = model
    return model


def learn(moderator: User, text: str, spam: bool, target_type: str, target_id: int | None) -> None:
    """Store the decision (the durable part) and nudge the live model (best effort)."""
    if not text.strip():
        return
    db.session.add(
        SpamDecision(
            text=text,
            spam=spam,
            target_type=target_type,
            target_id=target_id,
            moderator_id=moderator.id,
        )
    )
    model = classifier()
    model.partial_fit([text], [spam])
    path = current_app.config.get("SPAM_MODEL_PATH") or os.path.join(current_app.instance_path, "spam_model.json.gz")
    if current_app.config.get("SPAM_MODEL_SAVE", True):
        try:
            model.save(path)
        except OSError:
            current_app.logger.warning("could not save the spam model to %s", path)
