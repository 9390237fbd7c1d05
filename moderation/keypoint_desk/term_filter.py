"""Which discovered terms are worth a staff member's attention. The tagger extracts aspect terms
on its own, and on real posts it also returns pronouns ("it"), generic nouns ("thing", 东西,
问题, "product"), verbs caught as nouns ("runs"), numbers, opinion phrases (整体不错), fragments
with punctuation (防水、音量) and the brand's own product names. Suggesting those would teach staff
to ignore the suggestions, so they are dropped here; so are terms a key point already covers,
including inflected forms ("charging" when "charge" is a synonym) and longer forms whose head is
covered ("firmware update" when "update" is, 电池续航 when 续航 is)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Pronouns, determiners and other function words the extractor can return on its own.
EN_STOP = _set(
    """
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those there here who whom which what whatever everything anything
    something nothing everyone anyone someone nobody one ones all both each either neither
    some any none other others another such same a an the and or but if so than then too very
    just also only much many more most less least lot lots bit way ways kind sort
    """
)
# Nouns that name no aspect: a brand cannot act on "the thing" or "the problem".
EN_GENERIC = _set(
    """
    thing things stuff problem problems issue issues product products item items unit units
    device devices gadget gadgets model models version purchase order review reviews post posts
    thread question answer people person guy guys friend friends time times day days week weeks
    month months year years hour hours minute minutes today yesterday morning night moment
    experience use usage part parts point points side reason example case whole overall
    everything brand company headphones headphone earbuds earphones speaker speakers pair
    music song songs video videos movie movies
    """
)
# Verbs and adverbs the extractor sometimes returns as aspect heads.
EN_VERBS = _set(
    """
    runs run works work worked working uses used using connects connected gets got goes went
    comes came makes made looks looked feels felt seems seemed lasts lasted carry carries
    bought buy buying got tried try trying said says think thought know knew want wanted need
    needed love loved like liked hate hated
    """
)
ZH_STOP = _set(
    """
    我 你 他 她 它 我们 你们 他们 她们 它们 大家 自己 别人 这 那 这个 那个 这些 那些 这里 那里
    这款 那款 这种 那种 哪 什么 怎么 一切 所有 其他 其它 有的 一些 一点 一下
    """
)
ZH_GENERIC = _set(
    """
    东西 问题 产品 商品 宝贝 物品 设备 机器 型号 版本 事情 东东 情况 地方 方面 部分 时候 时间 之后 以后
    以前 当时 那段时间 今天 昨天 最近 感觉 感受 体验 效果 整体 总体 总的来说 总之 整个 品牌 公司 耳机
    音箱 朋友 家人 人 用户 网友 评价 帖子 原因 样子 一次 第一次 两天 几天
    """
)
# Evaluations on their own or tacked onto a noun (整体不错, 质量很好): opinions, not aspects.
ZH_OPINIONS = (
    "不错",
    "很好",
    "挺好",
    "还好",
    "一般",
    "很差",
    "太差",
    "满意",
    "失望",
    "喜欢",
    "垃圾",
    "完美",
    "推荐",
    "好评",
    "差评",
)
_PUNCT = re.compile(r"[,，.。;；:：!！?？、()（）\[\]【】<>《》\"'“”‘’/\\|@#…~～]")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z][a-z'-]*")


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def stem(word: str) -> str:
    """A light English stemmer, enough to see "charging"/"charges" as "charge" and "speakers"
    as "speaker" (both sides of a comparison are stemmed, so it need not produce real words)."""
    w = word.casefold()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("es", ""), ("ed", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: len(w) - len(suffix)] + keep
            break
    return w.rstrip("e")


def _words(term: str) -> list[str]:
    return _WORD.findall(term)


def is_junk(term: str) -> bool:
    """A pronoun, function word, generic noun, verb, number, opinion phrase or fragment."""
    t = fold(term)
    if not t or _PUNCT.search(t) or _DIGIT.search(t):
        return True
    if _CJK.search(t):
        core = t.replace(" ", "")
        if len(core) < 2 or core in ZH_STOP or core in ZH_GENERIC:
            return True
        if any(core.endswith(o) or core.startswith(o) for o in ZH_OPINIONS):
            return True
        latin = _words(t)
        return bool(latin) and all(w in EN_STOP or w in EN_GENERIC for w in latin) and len(core) < 3
    words = t.split()
    if len(t) < 3 or not all(_WORD.fullmatch(w) for w in words):
        return True
    if all(w in EN_STOP or w in EN_GENERIC or w in EN_VERBS for w in words):
        return True
    # "the battery" → reported as junk only when the content word itself is junk (handled
    # above); a leading or trailing function word marks a fragment ("it battery", "sound it").
    return words[0] in EN_STOP or words[-1] in EN_STOP


# Words in a brand's or product's name that are not names ("Aurora Audio Community").
NAME_GENERIC = _set("audio sound community forum official store shop club team pro plus max mini lite")


def name_tokens(names: Iterable[str]) -> set[str]:
    """The distinctive parts of brand and product names ("Aurora Pulse" → aurora, pulse,
    aurora pulse); Chinese names are kept whole."""
    out: set[str] = set()
    for name in names:
        f = fold(name or "")
        if not f:
            continue
        out.add(f)
        out.update(w for w in _words(f) if len(w) >= 3 and w not in EN_GENERIC | EN_STOP | NAME_GENERIC)
        out.update(c for c in re.findall(r"[\u3400-\u9fff]{2,}", f))
    return out


def names_a_product(term: str, tokens: set[str]) -> bool:
    t = fold(term)
    if t in tokens:
        return True
    if any(w in tokens for w in _words(t)):
        return True
    core = t.replace(" ", "")
    return len(core) >= 2 and any(_CJK.search(tok) and (tok in core or core in tok) for tok in tokens)


def covered(term: str, forms: Iterable[str]) -> bool:
    """True when a key point already covers the term: the same form, an inflection of it, or a
    longer form whose head (last English word, or a contained Chinese form) is covered."""
    t = fold(term)
    folded = {fold(f) for f in forms if f and f.strip()}
    if t in folded:
        return True
    stems = {" ".join(stem(w) for w in f.split()) for f in folded if not _CJK.search(f)}
    words = t.split()
    if not _CJK.search(t):
        if " ".join(stem(w) for w in words) in stems:
            return True
        if len(words) > 1:
            return stem(words[-1]) in stems
        # "service" when "customer service" is a form: the head alone says no more.
        return any(len(f.split()) > 1 and stem(f.split()[-1]) == stem(words[0]) for f in stems)
    return any(_CJK.search(f) and len(f) >= 2 and f in t for f in folded)
