"""Officers submitting their application over HTTP, as a browser would."""

import http.client
import secrets
import string
from urllib.parse import urlencode

ALPHABET = string.ascii_letters + string.digits


def submit(port: int, path: str, officer: dict) -> tuple[int, dict, str]:
    """POST the officer's complete form with the submit button: status, headers, page text.

    The CSRF token is one the "browser" chose: Django checks that the cookie and the form
    carry the same secret, wherever it came from.
    """
    token = "".join(secrets.choice(ALPHABET) for _ in range(32))
    body = urlencode({**officer["form"], "csrfmiddlewaretoken": token}, doseq=True)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={officer['session']}; csrftoken={token}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()
