"""Small hand-written word lists plus the VADER lexicon (MIT, see resources/VADER_LICENSE.txt).

The statistical models learn most of what they know from data; these lists give them features
that generalise to words the training data never saw (negation scope, contrast, intensity) and a
prior polarity for opinion words, so that "not loud" or "没有问题" behave sensibly out of domain.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

EN_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "without",
        "hardly",
        "barely",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "wont",
        "wouldnt",
        "shouldnt",
        "couldnt",
        "aint",
        "lack",
        "lacks",
        "lacking",
    ]
)
EN_CONTRAST = frozenset(["but", "however", "although", "though", "yet", "except", "whereas", "unfortunately"])
EN_INTENSIFIERS = {
    "very": 1.5, "really": 1.5, "so": 1.4, "extremely": 1.8, "too": 1.3, "super": 1.6,
    "incredibly": 1.8, "absolutely": 1.7, "quite": 1.2, "totally": 1.6, "highly": 1.5,
    "much": 1.4, "most": 1.5, "pretty": 1.2, "truly": 1.5, "especially": 1.3, "way": 1.3,
    "slightly": 0.6, "somewhat": 0.6, "bit": 0.7, "little": 0.7, "kinda": 0.7,
}  # fmt: skip
EN_COMPARATIVES = frozenset(["better", "worse", "more", "less", "superior", "inferior"])
# "drains fast", "died quickly", "heats up fast": a speed word after one of these verbs is bad news
EN_SPEED = frozenset(["fast", "quickly", "quick", "rapidly", "faster", "soon"])
EN_DEPLETE = frozenset(
    ["drain", "drains", "drained", "draining", "die", "dies", "died", "dying", "degrade", "degrades",
     "degraded", "overheat", "overheats", "overheated", "heat", "heats", "heated", "hot", "wear",
     "wears", "wore", "worn", "discharge", "discharges", "fade", "fades", "faded", "break", "breaks",
     "broke", "crack", "cracks", "cracked", "fail", "fails", "failed", "dull", "dulls", "rust", "rusts"]
)  # fmt: skip
EN_CLAUSE_PUNCT = frozenset(',;:!?.()[]-–—"')
EN_CLAUSE_BREAK = frozenset(";:!?.")  # commas do not end a clause ("the food, though, was good")

# Domain opinion words VADER lacks or scores neutrally; own list, product-review oriented.
EN_EXTRA = {
    "loud": -1.5, "noisy": -1.8, "slow": -1.8, "sluggish": -1.8, "laggy": -2.0, "lag": -1.5,
    "overpriced": -2.2, "pricey": -1.2, "expensive": -1.2, "cheap": 0.5, "affordable": 1.5,
    "fast": 1.8, "quick": 1.5, "snappy": 1.8, "quiet": 1.2, "crisp": 1.8, "sharp": 1.2,
    "bright": 1.2, "dim": -1.2, "heavy": -1.0, "light": 0.8, "lightweight": 1.5, "thin": 0.8,
    "bulky": -1.5, "flimsy": -2.0, "sturdy": 1.8, "durable": 1.8, "reliable": 2.0,
    "unreliable": -2.0, "crash": -2.0, "crashes": -2.0, "crashed": -2.0, "freezes": -2.0,
    "froze": -2.0, "broken": -2.2, "broke": -2.0, "died": -2.0, "dies": -2.0, "dead": -2.0,
    "overheats": -2.2, "overheating": -2.2, "hot": -0.8, "stale": -2.0, "bland": -1.8,
    "soggy": -1.8, "greasy": -1.5, "cold": -0.8, "rude": -2.5, "attentive": 2.0,
    "delicious": 2.8, "tasty": 2.5, "yummy": 2.5, "fresh": 2.0, "friendly": 2.2,
    "cramped": -1.8, "crowded": -1.2, "overcooked": -2.0, "undercooked": -2.0, "tough": -0.8,
    "long": -0.3, "short": -0.5, "smooth": 1.8, "responsive": 1.8, "intuitive": 2.0,
    "clunky": -1.8, "buggy": -2.2, "glitchy": -2.2, "defective": -2.5, "faulty": -2.5,
    "better": 1.9, "worse": -2.1, "best": 3.2, "worst": -3.1, "excellent": 3.2,
    "problem": -1.7, "problems": -1.7, "issue": -1.5, "issues": -1.5,
}  # fmt: skip

ZH_NEGATORS = (
    "没有",
    "不是",
    "不会",
    "不太",
    "并不",
    "毫不",
    "从不",
    "不",
    "没",
    "无",
    "未",
    "别",
    "非",
)
# Words that contain a negator character but negate nothing (非常 "very", 特别 "especially",
# 无线 "wireless", 不过 "but"); matched as negator plus its neighbouring character.
ZH_NOT_NEGATION = frozenset(
    ["非常", "非凡", "特别", "分别", "区别", "级别", "个别", "告别", "识别", "类别", "性别", "差别", "鉴别",
     "无线", "无论", "无比", "无敌", "不过", "不但", "不仅", "不管", "不论", "未来", "时不时"]
)  # fmt: skip
ZH_CONTRAST = ("但是", "不过", "可是", "然而", "只是", "就是", "但", "却")
ZH_INTENSIFIERS = {
    "非常": 1.6, "特别": 1.6, "十分": 1.6, "相当": 1.4, "超级": 1.7, "极其": 1.8, "太": 1.5,
    "很": 1.3, "真": 1.3, "挺": 1.2, "好": 1.1, "超": 1.5, "最": 1.6, "更": 1.4, "较": 1.1,
    "比较": 1.1, "有点": 0.7, "有些": 0.7, "稍微": 0.6, "略": 0.6,
}  # fmt: skip
# Own Chinese opinion lexicon for product reviews (score in VADER's -4..4 range).
ZH_LEXICON = {
    "好": 2.0, "很好": 2.5, "不错": 2.2, "棒": 2.5, "优秀": 2.8, "出色": 2.8, "满意": 2.5,
    "喜欢": 2.2, "漂亮": 2.3, "好看": 2.2, "清晰": 2.0, "流畅": 2.2, "快": 1.5, "稳定": 1.8,
    "方便": 1.8, "好用": 2.2, "实用": 1.8, "给力": 2.3, "强": 1.8, "强大": 2.2, "赞": 2.5,
    "完美": 3.0, "舒服": 2.0, "舒适": 2.0, "精致": 2.2, "细腻": 2.0, "大气": 1.8, "灵敏": 1.8,
    "顺滑": 2.0, "丰富": 1.6, "够用": 1.2, "耐用": 2.0, "轻": 1.0, "轻薄": 1.8, "便宜": 1.2,
    "实惠": 1.8, "值": 1.8, "值得": 2.0, "惊喜": 2.2, "靠谱": 2.0, "高": 0.5, "够": 0.8,
    "亮": 1.0, "准": 1.5, "准确": 1.8, "安静": 1.5, "省电": 2.0, "持久": 1.8, "耐看": 1.8,
    "差": -2.5, "很差": -3.0, "不好": -2.2, "烂": -2.8, "垃圾": -3.0, "失望": -2.5,
    "后悔": -2.5, "问题": -1.5, "毛病": -1.8, "故障": -2.2, "慢": -1.8, "卡": -1.8,
    "卡顿": -2.2, "吵": -1.8, "噪音": -1.5, "模糊": -2.0, "发热": -1.5, "烫": -1.8,
    "耗电": -1.8, "费电": -1.8, "贵": -1.5, "坑": -2.2, "麻烦": -1.8, "难用": -2.3,
    "难看": -2.2, "不满": -2.2, "不足": -1.5, "缺点": -1.5, "遗憾": -1.8, "一般": -0.8,
    "糟糕": -2.8, "粗糙": -2.0, "重": -1.0, "厚": -0.8, "短": -0.8, "弱": -1.5, "低": -0.5,
    "差劲": -2.8, "死机": -2.5, "闪退": -2.5, "掉线": -2.2, "延迟": -1.5, "偏": -0.8,
    "不稳定": -2.2, "不行": -2.3, "不够": -1.2, "小": -0.3, "大": 0.3, "暗": -1.2,
}  # fmt: skip
ZH_COMPARATIVE_MARKER = "比"
ZH_CLAUSE_PUNCT = frozenset("，,。！？!?；;：:、（）()…~～ ")


@lru_cache(maxsize=1)
def en_lexicon() -> dict[str, float]:
    """VADER single-word valences merged with the domain list above (domain list wins)."""
    path = Path(__file__).parent / "resources" / "vader_lexicon.tsv"
    lex: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, val = line.rstrip("\n").partition("\t")
            if val:
                lex[word] = float(val)
    lex.update(EN_EXTRA)
    return lex
