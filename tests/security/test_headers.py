import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy_and_other_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_contain_no_inline_script_or_style():
    from pathlib import Path

    offenders = []
    for template in Path("templates").rglob("*.html"):
        if "pdf" in template.parts:
            continue  # documents are rendered by WeasyPrint, never served to a browser
        text = template.read_text()
        if "<script>" in text or "style=" in text or "<style" in text:
            offenders.append(str(template))
    assert offenders == []
