from calls.markdown import render_markdown


def test_markdown_renders_emphasis_and_lists():
    html = render_markdown("**bold** text\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_markdown_removes_scripts_and_event_handlers():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '[click](javascript:alert(3)) <a href="https://example.org" onclick="x()">ok</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert 'href="https://example.org"' in html


def test_markdown_of_nothing_is_empty():
    assert render_markdown("") == ""
