import pytest

from tests.factories import login

SEO_ZH = "博彩、百家乐、六合彩、澳门赌场、真人娱乐、AV、成人视频 www.88bet.com 加微信 abc123"
LINK_EN = "Buy cheap viagra online without prescription http://pharma-deals.xyz best price!!!"
BILINGUAL = "The battery lasts 20 hours but the 降噪 is weak. 续航不错，但是降噪一般。"
CRITICISM = "电池太差了，售后垃圾，打了三次客服电话都没人解决。 Worst support ever."


@pytest.fixture
def mod(factory):  # type: ignore[no-untyped-def]
    return factory.user("mia_mod", role="moderator")


@pytest.fixture
def mod_client(app, mod):  # type: ignore[no-untyped-def]
    c = app.test_client()
    login(c, "mia_mod")
    return c


@pytest.fixture
def member_client(app, factory):  # type: ignore[no-untyped-def]
    factory.user("member", trust_level=1)
    c = app.test_client()
    login(c, "member")
    return c
