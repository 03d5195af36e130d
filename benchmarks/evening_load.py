"""The officers of one step of the deadline evening, typing and submitting (aiohttp)."""

import asyncio
import math
import random
import re
import time
from dataclasses import dataclass, field

import aiohttp

rng = random.Random(20261202)  # noqa: S311 - a reproducible load, not secrets

TICK = 5.0  # seconds between two autosaves, as static/js/autosave.js waits
READ_EVERY = 6  # one tick in six, the officer reloads the form
SUBMIT_IN_LAST = 20.0  # seconds: submissions fall in the window's end
CSRF = re.compile(r"csrftoken=([A-Za-z0-9]+)")


@dataclass
class Step:
    url: str
    officers: list  # from the seed's manifest
    submitting: set  # indexes of the officers who submit
    window: float
    # Filled while the step runs: what each officer last had acknowledged or submitted.
    saved: dict = field(default_factory=dict)
    submitted: dict = field(default_factory=dict)
    timings: dict = field(default_factory=lambda: {"autosave": [], "read": [], "submit": []})
    errors: list = field(default_factory=list)


def answers(officer: dict, challenge: str, token: str) -> dict:
    return {
        "csrfmiddlewaretoken": token, "city": officer["city"], "country": "BE",
        "officer_name": "Officer", "department": "Integration", "position": "Head",
        "phone": "+32 2 000", "email": officer["email"], "expertise": "Expertise.",
        "relevance": "Relevance.", "themes": str(officer["theme"]), "challenge": challenge,
        "question": "One question?",
    }  # fmt: skip


async def request(step: Step, client, kind: str, method: str, path: str, expect: int, **kw):
    started = time.perf_counter()
    try:
        async with client.request(method, step.url + path, allow_redirects=False, **kw) as answer:
            body = await answer.text()
            status, headers = answer.status, answer.headers
    except (TimeoutError, aiohttp.ClientError) as error:
        step.errors.append(f"{kind}: {type(error).__name__} {error}")
        return None, None
    step.timings[kind].append(time.perf_counter() - started)
    if status != expect:
        step.errors.append(f"{kind}: {status} {body[:120]!r}")
        return None, None
    return body, headers


async def read_form(step: Step, client, officer: dict, cookies: dict) -> None:
    path = f"/applications/{officer['slug']}/"
    _, headers = await request(step, client, "read", "GET", path, 200, headers=_cookie(cookies))
    for value in headers.getall("Set-Cookie", []) if headers is not None else []:
        match = CSRF.match(value)
        if match:
            cookies["csrftoken"] = match.group(1)


def _cookie(cookies: dict) -> dict:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


async def autosave(step: Step, client, officer: dict, cookies: dict, text: str) -> None:
    headers = {**_cookie(cookies), "X-Requested-With": "fetch",
               "X-CSRFToken": cookies.get("csrftoken", "")}  # fmt: skip
    data = answers(officer, text, cookies.get("csrftoken", ""))
    path = f"/applications/{officer['slug']}/autosave/"
    body, _ = await request(step, client, "autosave", "POST", path, 200, data=data,
                            headers=headers)  # fmt: skip
    if body is not None:
        step.saved[officer["application"]] = text


async def submit(step: Step, client, officer: dict, cookies: dict, text: str) -> None:
    data = {**answers(officer, text, cookies.get("csrftoken", "")), "action": "submit"}
    path = f"/applications/{officer['slug']}/"
    body, _ = await request(step, client, "submit", "POST", path, 302, data=data,
                            headers=_cookie(cookies))  # fmt: skip
    if body is not None:
        step.submitted[officer["application"]] = text


async def officer_evening(step: Step, client, index: int, end: float) -> None:
    officer = step.officers[index]
    cookies = {"sessionid": officer["session"]}
    await asyncio.sleep(rng.uniform(0, TICK))
    await read_form(step, client, officer, cookies)
    submit_at = end - rng.uniform(1, SUBMIT_IN_LAST) if index in step.submitting else None
    tick = 0
    while True:
        tick += 1
        text = f"Draft of {officer['city']}, revision {tick}: " + " ".join(["word"] * (20 + tick))
        if submit_at is not None and time.monotonic() >= submit_at:
            await submit(step, client, officer, cookies, text)
            return
        await autosave(step, client, officer, cookies, text)
        if tick % READ_EVERY == 0:
            await read_form(step, client, officer, cookies)
        wake = time.monotonic() + TICK
        if wake >= end and submit_at is None:
            return
        await asyncio.sleep(max(0.0, min(wake, submit_at or wake) - time.monotonic()))


def summary(values: list[float]) -> dict:
    if not values:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(values)

    def nearest(fraction):
        return round(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] * 1000, 1)

    return {"count": len(ordered), "p50_ms": nearest(0.5), "p95_ms": nearest(0.95),
            "max_ms": round(ordered[-1] * 1000, 1)}  # fmt: skip


async def run_step(step: Step) -> dict:
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=60)
    started = time.monotonic()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        end = started + step.window
        await asyncio.gather(
            *(officer_evening(step, client, i, end) for i in range(len(step.officers)))
        )
    elapsed = time.monotonic() - started
    return {
        "elapsed_s": round(elapsed, 1),
        "requests": sum(len(v) for v in step.timings.values()),
        "rps": round(sum(len(v) for v in step.timings.values()) / elapsed, 1),
        "errors": len(step.errors),
        "error_samples": step.errors[:5],
        **{kind: summary(values) for kind, values in step.timings.items()},
    }
