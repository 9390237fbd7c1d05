"""Every model module, imported once so SQLAlchemy (and Alembic) sees the whole schema."""

from community.accounts.models import ApiToken, LoginSession, User  # noqa: F401
from community.desk.models import CannedAnswer  # noqa: F401
from community.forum.models import Category, Post, PostRevision, Thread  # noqa: F401
from community.integrations.models import EmailOptOut, Webhook, WebhookDelivery  # noqa: F401
from community.notifications.models import Notification, NotificationSetting, Watch  # noqa: F401
from community.outbox import OutboxEvent  # noqa: F401
from community.products.models import Product, ProductOwner, PurchaseCode  # noqa: F401
from community.reputation.models import ThreadRead, UserActivity  # noqa: F401
from community.reviews.models import Review, ReviewAlert, ReviewHelpful, ReviewRevision  # noqa: F401
from community.search.models import SearchRow  # noqa: F401
from community.solutions.models import AcceptedSolution  # noqa: F401
from community.votes.models import PostVote  # noqa: F401
from moderation.audit import AuditEntry  # noqa: F401
from moderation.keypoint_desk.models import KeyPoint, KeyPointAlert, KeyPointMention, MentionCorrection  # noqa: F401
from moderation.models import (  # noqa: F401
    Flag,
    Notice,
    ReviewItem,
    SpamDecision,
    SpamDomain,
    StaffNote,
    WatchedWordRow,
)
