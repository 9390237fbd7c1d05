from __future__ import annotations

from datetime import timedelta

import pytest

from community.timeutil import utcnow
from moderation.keypoint_desk.alerts import week_start


@pytest.fixture
def this_week():  # type: ignore[no-untyped-def]
    """Tuesday noon of this week (of last week early on Tuesday), so never in the future."""
    now = utcnow()
    t = week_start(now) + timedelta(days=1, hours=12)
    return t if t < now - timedelta(minutes=5) else t - timedelta(weeks=1)
