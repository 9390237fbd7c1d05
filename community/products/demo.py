"""Demo products and bilingual reviews for the demo community (Aurora Audio).

Registered with the demo loader; every row is either is_demo or hangs off a demo product, so
`flask demo clear` removes exactly what was loaded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update

from community.accounts import service as accounts
from community.demo.loader import DEMO_PASSWORD, add_clearer, add_loader
from community.extensions import db
from community.forum.models import Thread
from community.markup import cook
from community.outbox import emit
from community.products import catalog, owners
from community.products.models import Product, ProductOwner, PurchaseCode
from community.reviews import helpful
from community.reviews import reviews as review_service
from community.reviews.models import Review, ReviewAlert, ReviewHelpful, ReviewRevision

PRODUCTS = [
    {
        "slug": "aurora-pulse",
        "name": "Aurora Pulse",
        "category": "headphones",
        "short_description": "Over-ear noise-cancelling headphones · 头戴式主动降噪耳机",
        "description": "Adaptive noise cancelling, 40-hour battery, multipoint Bluetooth.\n\n"
        "自适应降噪，40 小时续航，支持多设备连接。\n\n- Weight: 250 g\n- USB-C fast charge",
    },
    {
        "slug": "aurora-buds",
        "name": "Aurora Buds",
        "category": "headphones",
        "short_description": "True wireless earbuds · 真无线耳塞",
        "description": "Small, light earbuds with ANC and a pocket-sized charging case.\n\n"
        "小巧轻便，带降噪，充电盒可放进口袋。\n\n- 8 h + 24 h with the case\n- IPX4",
    },
    {
        "slug": "aurora-boom",
        "name": "Aurora Boom",
        "category": "speakers",
        "short_description": "Portable waterproof speaker · 便携防水音箱",
        "description": "360° sound, IP67, 20-hour battery, pairs with a second Boom for stereo.\n\n"
        "360° 环绕声，IP67 防水，20 小时续航，可两台立体声配对。",
    },
]

REVIEWERS = [
    ("jasmine_l", "en"),
    ("阿杰哥", "zh"),
    ("ben_cycles", "en"),
    ("陈静怡", "zh"),
    ("olga_m", "en"),
    ("小林子", "zh"),
    ("marco_p", "en"),
    ("王芳芳", "zh"),
    ("priya_s", "en"),
    ("大伟哥", "zh"),
    ("tim_audio", "en"),
    ("美美哒", "zh"),
    ("sofia_r", "en"),
    ("刘洋洋", "zh"),
]
EXISTING_REVIEWERS = [
    ("tom_runs", "en"),
    ("小雨", "zh"),
    ("maria_k", "en"),
    ("老张", "zh"),
    ("newbie_dan", "en"),
]

# (rating, English title, English body, pros, cons) and the same spirit in Chinese.
EN = [
    (
        5,
        "Best {name} yet",
        "I use it every day on the train. The sound is rich and the **battery lasts all week**.",
        "Battery, comfort",
        "",
    ),
    (
        5,
        "Worth every penny",
        "Setup took a minute and it just works with my phone and laptop.",
        "Easy pairing",
        "Pricey",
    ),
    (
        4,
        "Great, with one quirk",
        "Sound and battery are great. The app sometimes forgets my EQ settings after an update.",
        "Sound",
        "App",
    ),
    (
        4,
        "Solid everyday choice",
        "Comfortable for long sessions. Calls are clear unless it is very windy.",
        "Comfort",
        "Wind noise on calls",
    ),
    (
        3,
        "Good but not great",
        "It does the job. I expected deeper bass for the price.",
        "Build quality",
        "Bass",
    ),
    (
        2,
        "Connection drops",
        "It disconnects from my laptop a few times a day. Support suggested a firmware reset.",
        "",
        "Bluetooth stability",
    ),
    (
        1,
        "Stopped charging after 3 months",
        "It no longer charges. The warranty process took two weeks to even answer.",
        "",
        "Reliability, after-sales service",
    ),
    (
        5,
        "Perfect for running",
        "Stays put on long runs and survives sweat and rain without trouble.",
        "Fit, water resistance",
        "",
    ),
]
ZH = [
    (5, "非常满意", "音质很好，**续航特别长**，每天通勤都在用。", "续航、音质", ""),
    (5, "降噪效果惊艳", "地铁上几乎听不到噪音，戴着也很舒服。", "降噪", "价格偏高"),
    (4, "整体不错", "声音清楚，连接稳定。就是应用有时候会闪退。", "连接稳定", "应用"),
    (4, "性价比高", "用了两个月，没有什么问题，充电也很快。", "充电快", "外观普通"),
    (3, "一般般", "能用，但低音有点弱，和宣传的不太一样。", "做工", "低音"),
    (2, "经常断连", "和电脑连接时经常断开，客服让我重置固件。", "", "蓝牙稳定性"),
    (1, "售后太慢", "用了三个月就充不进电了，售后两个星期才回复。", "", "质量、售后"),
    (5, "户外神器", "防水效果很好，露营时下雨也照样用。", "防水、音量", ""),
]
RESPONSES = {
    "en": "Thanks for telling us. We are sorry about this: our support team has contacted you to sort it out, "
    "and the latest firmware fixes the connection issue for most people.",
    "zh": "感谢您的反馈，给您带来不便非常抱歉。售后团队已经联系您处理，最新固件也修复了大部分连接问题。",
}


def load(context: dict[str, Any]) -> dict[str, int]:
    users = context["users"]
    now = context["now"]
    admin = next(u for u in users.values() if u.role == "admin")
    products = []
    for spec in PRODUCTS:
        cat = context["categories"].get(spec["category"])
        data = {**spec, "category": cat.slug if cat else None}
        products.append(catalog.create_product(admin, data, is_demo=True))
    for i, (name, locale) in enumerate(REVIEWERS):
        user = accounts.register(name, f"reviewer{i}@demo.aurora.example", DEMO_PASSWORD, is_demo=True)
        user.created_at = now - timedelta(days=220 + 7 * i)
        user.locale = locale
        user.bio = "Demo reviewer." if locale == "en" else "演示评价用户。"
        users[name] = user
    db.session.flush()
    reviewers = [(users[n], loc) for n, loc in EXISTING_REVIEWERS + REVIEWERS if n in users]
    reviews: list[Review] = []
    for pi, product in enumerate(products):
        for ri, (user, locale) in enumerate(reviewers):
            if (ri + pi) % 7 == 6:  # not everybody reviewed everything
                continue
            rating, title, body, pros, cons = (EN if locale == "en" else ZH)[(ri * 3 + pi * 5) % 8]
            days_ago = (ri * 11 + pi * 17) % 180 + 1
            if user.username == "newbie_dan":
                days_ago = 3
            when = now - timedelta(days=days_ago, hours=(ri * 5) % 24)
            review = review_service.create_review(
                user,
                product,
                {
                    "rating": rating,
                    "title": title.format(name=product.name),
                    "body": body,
                    "pros": pros,
                    "cons": cons,
                },
                created_at=when,
                is_demo=True,
            )
            reviews.append(review)
            if ri % 4 == 0:
                owners.grant_owner(admin, product, user, "demo purchase")
    owners_count = sum(1 for r in reviews if r.verified_owner)
    ambassadors = [u for u in users.values() if u.role == "ambassador"]
    responses = 0
    for i, review in enumerate(r for r in reviews if r.rating <= 2):
        amb = ambassadors[i % len(ambassadors)] if ambassadors else admin
        locale = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in review.body) else "en"
        review.response_body = RESPONSES[locale]
        review.response_html = cook(RESPONSES[locale])
        review.response_by_id = amb.id
        review.response_at = review.created_at + timedelta(hours=6)
        responses += 1
    votes = 0
    voters = [u for u, _loc in reviewers]
    for i, review in enumerate(reviews):
        for voter in voters[: (i * 7) % 6]:
            if voter.id != review.author_id:
                helpful.vote(voter, review)
                votes += 1
    for product in products:
        owners.generate_codes(admin, product, 5)
    linked = 0
    for t in context.get("threads", []):
        thread = t.get("_thread")
        if thread is None:
            continue
        text = f"{t.get('title', '')} {t.get('body', '')}"
        for product in products:
            if product.name in text or product.name.split()[-1] in text:
                thread.product_id = product.id
                linked += 1
                break
    db.session.flush()
    return {
        "products": len(products),
        "reviews": len(reviews),
        "review responses": responses,
        "helpful votes": votes,
        "verified owners": owners_count,
        "product threads": linked,
    }


def clear() -> dict[str, int]:
    product_ids = list(db.session.scalars(select(Product.id).where(Product.is_demo.is_(True))))
    demo_reviews = select(Review.id).where(Review.is_demo.is_(True) | Review.product_id.in_(product_ids))
    review_ids = list(db.session.scalars(demo_reviews))
    if review_ids:
        db.session.execute(delete(ReviewHelpful).where(ReviewHelpful.review_id.in_(review_ids)))
        db.session.execute(delete(ReviewRevision).where(ReviewRevision.review_id.in_(review_ids)))
        for review_id in review_ids:
            emit("review.deleted", review_id=review_id, product_id=None)
    removed = db.session.execute(delete(Review).where(Review.id.in_(review_ids))).rowcount if review_ids else 0
    if product_ids:
        db.session.execute(update(Thread).where(Thread.product_id.in_(product_ids)).values(product_id=None))
        for model in (ReviewAlert, ProductOwner, PurchaseCode):
            db.session.execute(delete(model).where(model.product_id.in_(product_ids)))
        for product_id in product_ids:
            emit("product.deleted", product_id=product_id)
        db.session.execute(delete(Product).where(Product.id.in_(product_ids)))
    return {"products": len(product_ids), "reviews": removed}


add_loader(load)
add_clearer(clear)
