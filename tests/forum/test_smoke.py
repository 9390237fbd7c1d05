from tests.factories import login


def test_member_posts_question_and_reads_it(client, factory):
    user = factory.user("alice")
    cat = factory.category("Headphones", slug="headphones")
    login(client, "alice")
    resp = client.post(
        "/new",
        data={
            "category": cat.slug,
            "kind": "question",
            "title": "续航怎么样？电池能用多久",
            "body": "这款的续航很差吗？",
        },
    )
    assert resp.status_code == 302, resp.data[:500]
    page = client.get(resp.headers["Location"], follow_redirects=True)
    assert "这款的续航很差吗？" in page.get_data(as_text=True)
    assert user.id
