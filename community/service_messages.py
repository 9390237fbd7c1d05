"""English messages that services raise, listed so `pybabel extract` puts them in the core catalog.

Services speak English on purpose (the API's error shape carries them verbatim and clients match
on `code`, not text); the web pages translate them at display time with translate_message().
Messages built with numbers or names (limits, silence reasons) stay in English.
"""

from __future__ import annotations

from flask_babel import gettext


def N_(message: str) -> str:
    """The conventional "mark for extraction only" name (Babel's default keywords include it)."""
    return message


MESSAGES = (
    N_("Please correct the marked fields."),
    N_("Must be text."),
    N_("Remove control characters from the text."),
    N_("Remove control characters."),
    N_("Write something first."),
    N_("Make the title a little longer."),
    N_("No such category."),
    N_("No such thread."),
    N_("No such post."),
    N_("No such product."),
    N_("A name of 1 to 80 characters."),
    N_("Lower-case letters, digits and '-' (for example: headphones)."),
    N_("Only admins create categories."),
    N_("That slug is taken."),
    N_("Already used by another category."),
    N_("Only staff edit categories."),
    N_("Only staff reorder categories."),
    N_("This thread was deleted."),
    N_("This thread is locked."),
    N_("You cannot reply here."),
    N_("You cannot start a thread here."),
    N_("Choose question, experience or discussion."),
    N_("Not a post id."),
    N_("That post is not in this thread."),
    N_("This post was deleted; restore it first."),
    N_("You cannot edit this post."),
    N_("Already deleted."),
    N_("You cannot delete this post."),
    N_("Only staff restore posts."),
    N_("This post is not deleted."),
    N_("That page link is not valid."),
    N_("Unknown sort."),
    N_("Unknown kind."),
    N_("Check the email address."),
    N_("Enter a valid email address."),
    N_("Unknown role."),
    N_("Only admins change roles."),
    N_("This username or email cannot be used. Try another or sign in."),
    N_("The current password is not right."),
    N_("Choose a username."),
    N_("Usernames cannot start or end with spaces."),
    N_("Usernames are 3 to 32 characters long (2 Chinese characters are enough)."),
    N_("Use letters, digits, Chinese characters, '.', '_' or '-'."),
    N_("This username is reserved."),
    N_("This username is too similar to a staff member's."),
    N_("Choose a password."),
    N_("Use at least 10 characters."),
    N_("Use at most 256 characters."),
    N_("Enter a valid email address."),
    N_("The password must not contain your username or email."),
    N_("This password is too common or easy to guess; add words only you would pick."),
    N_("You are not allowed to do this."),
    # Page errors (community/http_errors.py): titles and messages of the error page.
    N_("Bad request"),
    N_("Please sign in"),
    N_("Not allowed"),
    N_("Not found"),
    N_("Conflict"),
    N_("Too large"),
    N_("Unsupported media type"),
    N_("Please check the input"),
    N_("Too many requests"),
    N_("Something went wrong"),
    N_("Error"),
    N_("The form expired or came from another site. Go back, reload and try again."),
    N_("Too many requests. Wait a moment and try again."),
    N_("The request is too large."),
    N_("The request is not valid UTF-8."),
    N_("Something went wrong on our side. It has been logged."),
)


def translate_message(message: str) -> str:
    """The reader's language when the catalog knows the message, else the message unchanged."""
    return gettext(message) if message else message
