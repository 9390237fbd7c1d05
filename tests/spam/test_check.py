"""check(): rules, policy and the combined verdict."""

from __future__ import annotations

import time

import pytest

from moderation.spam import Classifier, SpamPolicy, WatchedWord, check

from .conftest import BRAND

NEUTRAL = "Has anyone compared the X2 with the older model? Thinking about switching."


def codes(verdict) -> set[str]:
    return {r.code for r in verdict.reasons}


def assert_consistent(verdict) -> None:
    assert verdict.action in ("allow", "hold", "block")
    assert verdict.spam == (verdict.action != "allow")
    assert 0.0 <= verdict.score <= 1.0


# --- links and trust levels ---------------------------------------------------------------
def test_a_new_user_may_not_post_foreign_links() -> None:
    v = check(NEUTRAL + " https://www.reddit.com/r/headphones", trust_level=0, policy=BRAND)
    assert v.action == "hold"
    assert "too_many_links" in codes(v)
    assert_consistent(v)


def test_link_limit_follows_trust_level() -> None:
    links = " ".join(f"https://site{i}.org/page" for i in range(3))
    text = f"{NEUTRAL} Sources: {links}"
    assert "too_many_links" in codes(check(text, trust_level=1, policy=BRAND))  # limit 2
    assert "too_many_links" not in codes(check(text, trust_level=2, policy=BRAND))  # limit 10
    two = f"{NEUTRAL} Sources: https://site1.org/a https://site2.org/b"
    assert "too_many_links" not in codes(check(two, trust_level=1, policy=BRAND))
    strict = SpamPolicy(max_links_by_trust=(0, 0, 1, 1))
    assert "too_many_links" in codes(check(two, trust_level=3, policy=strict))


def test_links_to_allowed_domains_never_count() -> None:
    text = (
        "Steps: https://help.acme.com/a/1 then https://acme.com/firmware and "
        "https://www.acme.com.cn/store, also acme.com/app and [manual](https://acme.com/m.pdf)"
    )
    v = check(text, trust_level=0, policy=BRAND)
    assert v.action == "allow", v.reasons
    assert "too_many_links" in codes(check(text, trust_level=0))  # without the allow-list


def test_blocked_domain_blocks_even_trusted_users_and_subdomains() -> None:
    policy = SpamPolicy(blocked_domains=("evil.io",))
    v = check(f"{NEUTRAL} https://shop.evil.io/x", trust_level=3, policy=policy)
    assert v.action == "block"
    assert "blocked_domain" in codes(v)
    disguised = check(f"{NEUTRAL} evil。io", trust_level=3, policy=policy)
    assert disguised.action == "block"


# --- watched words ----------------------------------------------------------------------------
WORDS = SpamPolicy(
    watched_words=(
        WatchedWord("idiot", "replace", "***"),
        WatchedWord("傻逼", "replace", "**"),
        WatchedWord("ass", "block"),
        WatchedWord("法轮功", "block"),
        WatchedWord("crypto*", "hold"),
        WatchedWord("退款难", "hold"),
        WatchedWord("lawyer", "flag"),
        WatchedWord("cheap flights", "hold"),
    )
)


def test_watched_word_replace_english_with_zero_width_and_full_width() -> None:
    v = check("You i\u200bdiot, read the manual. ＩＤＩＯＴ!", policy=WORDS)
    assert v.text == "You ***, read the manual. ***!"
    assert v.action == "allow"
    assert "watched_word_replaced" in codes(v)


def test_watched_word_replace_chinese_split_by_space_and_zero_width() -> None:
    v = check("客服就是个傻\u200b逼，另一个也是傻 逼。", policy=WORDS)
    assert v.text == "客服就是个**，另一个也是**。"


def test_watched_word_block_is_whole_word_for_latin() -> None:
    assert check("what an ass", policy=WORDS).action == "block"
    assert check("first class support", policy=WORDS).action == "allow"
    assert check("my assistant app crashed", policy=WORDS).action == "allow"


def test_watched_word_block_and_hold_in_chinese() -> None:
    assert check("法\u200b轮\u200b功好", policy=WORDS).action == "block"
    v = check("你们这个退款难的问题什么时候解决？", policy=WORDS)
    assert v.action == "hold"
    assert "watched_word" in codes(v)


def test_watched_word_wildcard_and_phrase() -> None:
    assert check("Do you accept cryptocurrency?", policy=WORDS).action == "hold"
    assert check("Any cheap  flights to the launch?", policy=WORDS).action == "hold"
    assert check("Any cheap tickets to the launch?", policy=WORDS).action == "allow"


def test_flag_word_is_reported_but_allowed() -> None:
    v = check("My lawyer will hear about this warranty.", policy=WORDS)
    assert v.action == "allow"
    assert not v.spam
    assert "watched_word" in codes(v)


# --- duplicates -------------------------------------------------------------------------------
POST = "I have the same problem with the charging case, the lid does not close after the update."


def test_identical_post_across_threads_is_held() -> None:
    v = check(POST, recent_texts_by_author=["Something else entirely, about shipping.", POST])
    assert v.action == "hold"
    assert "duplicate_content" in codes(v)


def test_near_identical_post_is_held() -> None:
    variant = POST.upper().replace(",", " ,").replace("update.", "update!!")
    assert "duplicate_content" in codes(check(variant, recent_texts_by_author=[POST]))
    assert "duplicate_content" in codes(check(POST, recent_texts_elsewhere=[variant]))


def test_short_repeats_different_posts_and_profiles_are_not_duplicates() -> None:
    assert check("Thanks, that fixed it!", recent_texts_by_author=["Thanks, that fixed it!"]).action == "allow"
    other = "The left earbud is quieter than the right one since the last firmware update."
    assert "duplicate_content" not in codes(check(POST, recent_texts_by_author=[other]))
    assert "duplicate_content" not in codes(check(POST, recent_texts_by_author=[POST], kind="profile"))


# --- spam vocabulary ------------------------------------------------------------------------
def test_chinese_seo_keyword_stuffing_is_blocked_at_every_trust_level(spam_posts) -> None:
    for text in spam_posts["seo_zh"]:
        v = check(text, trust_level=3, policy=BRAND)
        assert v.action == "block", (text, v.reasons)
        assert "seo_keyword_stuffing" in codes(v)


def test_english_link_spam_is_caught_even_for_basic_users(spam_posts) -> None:
    for text in spam_posts["link_en"]:
        for trust in (0, 1):
            v = check(text, trust_level=trust, policy=BRAND)
            assert v.spam, (trust, text, v.reasons)


def test_english_link_spam_with_strong_vocabulary_is_blocked() -> None:
    v = check("Buy cheap viagra online http://pharma-deals.xyz", trust_level=1)
    assert v.action == "block"
    assert "link_spam" in codes(v)


def test_single_mentions_in_complaints_pass() -> None:
    for text in (
        "抢购限量版就像赌博一样，全靠运气。",
        "The AV input on the soundbar is dead.",
        "Is the cheap model worth it?",
        "Would you accept crypto payments?",
    ):
        assert check(text, policy=BRAND).action == "allow", text


# --- the ham fixture ------------------------------------------------------------------------
def test_no_ordinary_customer_post_is_held(ham_posts) -> None:
    assert len(ham_posts) >= 30
    held = []
    for post in ham_posts:
        v = check(post["text"], trust_level=post["trust_level"], policy=BRAND)
        assert_consistent(v)
        assert v.text == post["text"]
        if v.spam:
            held.append((post["text"], v.reasons))
    assert held == []


# --- combination and contract ---------------------------------------------------------------
class _Fixed(Classifier):
    """A classifier stub with a fixed probability."""

    def __init__(self, p: float) -> None:
        super().__init__()
        self.p = p

    def predict_proba(self, text, *, allowed_domains=(), ignore_links=False) -> float:
        return self.p

    def explain(self, text, k=5, *, allowed_domains=(), ignore_links=False) -> list[str]:
        return ["stub"]


def test_classifier_alone_holds_but_never_blocks() -> None:
    v = check(NEUTRAL, classifier=_Fixed(0.999))
    assert v.action == "hold"
    assert codes(v) == {"classifier"}
    assert check(NEUTRAL, classifier=_Fixed(0.5)).action == "allow"


def test_trusted_users_need_the_block_threshold_for_a_classifier_hold() -> None:
    assert check(NEUTRAL, trust_level=2, classifier=_Fixed(0.9)).action == "allow"
    assert check(NEUTRAL, trust_level=2, classifier=_Fixed(0.99)).action == "hold"


def test_rule_hold_plus_confident_classifier_blocks() -> None:
    text = NEUTRAL + " https://example.org"
    assert check(text, trust_level=0, classifier=_Fixed(0.1)).action == "hold"
    assert check(text, trust_level=0, classifier=_Fixed(0.99)).action == "block"


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        check("hello", kind="comment")


def test_check_is_fast_on_a_long_post() -> None:
    base = "My X2 stopped charging after the update, see https://help.acme.com/a/1 . 电池太差了，售后也不回复。"
    check(base, policy=BRAND)  # loads the model and jieba
    times = []
    for i in range(30):
        text = f"{i} {base * 30}"[:2000]
        t0 = time.perf_counter()
        check(text, policy=BRAND)
        times.append(time.perf_counter() - t0)
    times.sort()
    assert times[len(times) // 2] < 0.025  # ~2-4 ms measured; generous for busy CI machines


def test_the_same_phrase_repeated_is_held_but_tables_are_not() -> None:
    v = check("加微信 abc123，" * 15)
    assert v.spam
    assert "repetitive_content" in codes(v)
    rows = "".join(f"| X{i} | yes | no | yes |\n" for i in range(12))
    table = "| model | ANC | LDAC | app |\n| --- | --- | --- | --- |\n" + rows
    assert check(table, policy=BRAND).action == "allow"


def test_zero_width_padded_copy_is_a_duplicate_but_a_quoting_reply_is_not() -> None:
    padded = "\u200b".join(POST)
    assert "duplicate_content" in codes(check(padded, recent_texts_elsewhere=[POST]))
    reply = f"> {POST}\n\n" + "Same here. " * 3 + "I fixed it by resetting the case: " * 3
    assert "duplicate_content" not in codes(check(reply, recent_texts_elsewhere=[POST]))


def test_ordinary_shopping_words_do_not_add_up_to_spam() -> None:
    for text in (
        "我买彩票中了奖，就买了这个耳机，主播推荐的，福利价，高清屏幕的手机也买了",
        "日韩版本和国产版本有区别吗？AV接口一样吗？",
        "Is there a discount or a free giveaway this week? The cheap one sold out.",
    ):
        v = check(text, policy=BRAND)
        assert v.action == "allow", (text, v.reasons)
