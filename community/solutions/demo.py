"""Demo rows: helpful votes and accepted solutions on the demo questions, and a bilingual shelf
of canned answers. Everything derives from demo users or carries is_demo, so clearing is exact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from community.accounts.models import User
from community.demo.loader import add_clearer, add_loader
from community.desk import canned
from community.desk.models import CannedAnswer
from community.extensions import db
from community.forum.models import Post, Thread
from community.notifications.service import clear_for_users
from community.reputation.models import ThreadRead, UserActivity
from community.solutions import solutions
from community.solutions.models import AcceptedSolution
from community.votes import votes
from community.votes.models import PostVote

CANNED = [
    (
        "en",
        "Pairing reset",
        "pairing bluetooth",
        "Sorry for the trouble! Please reset the pairing:\n\n1. Turn Bluetooth off on your phone.\n"
        "2. Hold the power button for **10 seconds** until the light blinks red and blue.\n"
        "3. Turn Bluetooth back on and choose the headphones.\n\nDoes that fix it?",
    ),
    (
        "en",
        "Warranty claim",
        "warranty after-sales",
        "Your device is covered for two years. Start a claim at the support page "
        "with your order number "
        "and a short description; we answer within one working day.",
    ),
    (
        "en",
        "Firmware update",
        "firmware app update",
        "Please update to the latest firmware: open the Aurora app → Device → Firmware → Update. "
        "Keep the phone close and the battery above 30 % while it installs.",
    ),
    (
        "zh",
        "重新配对",
        "配对 蓝牙",
        "抱歉给您带来不便！请按以下步骤重新配对：\n\n1. 关闭手机蓝牙。\n"
        "2. 长按电源键 **10 秒**，直到指示灯红蓝交替闪烁。\n"
        "3. 重新打开蓝牙并选择耳机。\n\n问题解决了吗？",
    ),
    (
        "zh",
        "保修申请",
        "保修 售后",
        "您的设备享有两年保修。请在支持页面提交订单号和问题描述，我们会在一个工作日内回复。",
    ),
]


def load(context: dict[str, Any]) -> dict[str, int]:
    users: dict[str, User] = context["users"]
    brand = next((u for u in users.values() if u.role == "ambassador"), None)
    members = [u for u in users.values() if u.role == "member"]
    counts = {"votes": 0, "solutions": 0, "canned answers": 0}
    for i, t in enumerate(context.get("threads") or []):
        thread: Thread | None = t.get("_thread")
        replies: list[Post] = t.get("_replies") or []
        if thread is None or not replies:
            continue
        for j, reply in enumerate(replies):
            voters = [u for u in members if u.id not in (reply.author_id,)][: max(0, 3 - j)]
            for voter in voters:
                votes.cast(voter, reply)
                counts["votes"] += 1
        if thread.kind == "question" and i % 3 != 2:  # a few stay unsolved for the desk
            best = next((r for r in replies if r.author_id != thread.author_id), None)
            if best is not None:
                solutions.mark(thread.author, thread, best.id)
                counts["solutions"] += 1
    if brand is not None:
        for language, title, tags, body in CANNED:
            canned.create(brand, title, body, tags, language, is_demo=True)
            counts["canned answers"] += 1
    db.session.flush()
    return counts


def clear() -> dict[str, int]:
    demo_users = select(User.id).where(User.is_demo.is_(True))
    demo_posts = select(Post.id).where(Post.is_demo.is_(True) | Post.author_id.in_(demo_users))
    demo_threads = select(Thread.id).where(Thread.is_demo.is_(True) | Thread.author_id.in_(demo_users))
    n_votes = (
        db.session.execute(
            delete(PostVote).where(PostVote.post_id.in_(demo_posts) | PostVote.user_id.in_(demo_users))
        ).rowcount
        or 0
    )
    db.session.execute(
        delete(AcceptedSolution).where(
            AcceptedSolution.thread_id.in_(demo_threads) | AcceptedSolution.post_id.in_(demo_posts)
        )
    )
    n_canned = (
        db.session.execute(
            delete(CannedAnswer).where(CannedAnswer.is_demo.is_(True) | CannedAnswer.created_by_id.in_(demo_users))
        ).rowcount
        or 0
    )
    db.session.execute(
        delete(ThreadRead).where(ThreadRead.user_id.in_(demo_users) | ThreadRead.thread_id.in_(demo_threads))
    )
    db.session.execute(delete(UserActivity).where(UserActivity.user_id.in_(demo_users)))
    from community.notifications.models import Notification

    db.session.execute(
        delete(Notification).where(Notification.post_id.in_(demo_posts) | Notification.thread_id.in_(demo_threads))
    )
    n_notes = clear_for_users(demo_users)
    return {"votes": n_votes, "canned answers": n_canned, "notifications": n_notes}


add_loader(load)
add_clearer(clear)
