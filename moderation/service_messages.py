"""English messages the moderation services raise or store, listed so `pybabel extract` puts them
in the moderation catalog (moderation/translations).

As in community.service_messages, services speak English (the API carries the text verbatim and
clients match on `code`); pages translate at display time with `translated()`. Messages built
with names or dates are shown by their error code instead (CODE_MESSAGES).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from community.errors import ServiceError
from community.service_messages import N_, translate_message

MESSAGES = (
    # flags
    N_("No such item."),
    N_("You cannot flag content."),
    N_("You cannot flag your own post."),
    N_("This item was deleted."),
    N_("Up to 1,000 characters."),
    N_("Tell the moderators what is wrong."),
    N_("You already flagged this."),
    # queue
    N_("No such queue item."),
    N_("Unknown action."),
    N_("The content of this item no longer exists."),
    N_("This item was deleted; restore it first."),
    N_("A negative opinion is not a reason to hide content: answer it in public."),
    N_("Choose a reason from the list."),
    N_("Up to 500 characters."),
    N_("Unknown kind of content."),
    # people
    N_("No such user."),
    N_("A date like 2026-12-31 or 2026-12-31T18:00:00Z."),
    N_("Must be in the future."),
    N_("Too far in the future."),
    N_("Say why (shown to the person), up to 1,000 characters."),
    N_("You cannot moderate this account."),
    N_("Write a note (up to 5,000 characters)."),
    # notices and appeals
    N_("Your post was hidden pending review."),
    N_("Your post was not published."),
    N_("Your post was removed by a moderator."),
    N_("A moderator acted on your content."),
    N_("No such notice."),
    N_("You already appealed this decision; a moderator will look at it."),
    N_("This decision was already reversed."),
    N_("Say why in up to 2,000 characters."),
    # audit
    N_("A date like 2026-11-23."),
    N_("A date like 2026-01-01."),
    N_("Only admins purge the audit log."),
    N_("Only entries older than 30 days can be purged."),
    N_("Say why."),
    # spam settings
    N_("Enter a word or phrase (up to 100 characters)."),
    N_("Choose block, hold, replace or flag."),
    N_("Say what to replace the word with."),
    N_("Up to 100 characters."),
    N_("This word is already watched."),
    N_("Already watched."),
    N_("No such watched word."),
    N_("Enter a domain such as example.com."),
    N_("This domain is already listed."),
    N_("Already listed."),
    N_("No such domain."),
    N_("blocked or allowed"),
    # screening (forum and review forms show it above the field with the reasons)
    N_("This was not posted because it looks like spam."),
    # shared with the core catalog
    N_("Staff only."),
    N_("Please correct the marked fields."),
    N_("Must be text."),
)

# Messages that carry names, dates or lists: shown by code on the web.
CODE_MESSAGES = {
    "already_approved": _l("Another moderator already approved this item."),
    "already_resolved": _l("This item was already decided; restore it to change the decision."),
}


def translated(exc: ServiceError) -> str:
    """The error and its field problems in the reader's language, for a flash message."""
    by_code = CODE_MESSAGES.get(exc.code)
    message = str(by_code) if by_code is not None else translate_message(exc.message)
    problems = [translate_message(v) for v in (exc.fields or {}).values()]
    return " ".join([message, *problems]).strip()
