"""Serving under gunicorn and loading pages with wrk, on 127.0.0.1 only."""

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit(
            "wrk is not installed. On Debian or Ubuntu: sudo apt-get install -y wrk\n"
            "(the benchmark loads the pages with wrk; nothing else is needed)."
        )
    return wrk


class Server:
    """gunicorn with 2 sync workers, the way the Dockerfile runs the product (a worker is
    replaced after about 1,000 requests, so one that grew does not keep its memory; preloaded,
    so a replacement is a fork)."""

    def __init__(self, name: str, app: str, *, env: dict, chdir: Path, log: Path):
        self.name, self.port, self.log = name, free_port(), log
        self.url = f"http://{HOST}:{self.port}"
        command = [
            sys.executable, "-m", "gunicorn", app, "--chdir", str(chdir),
            "--bind", f"{HOST}:{self.port}", "--workers", "2", "--worker-class", "sync",
            "--timeout", "300", "--error-logfile", str(log), "--log-level", "warning",
            "--max-requests", "1000", "--max-requests-jitter", "100", "--preload",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} server exited; see {self.log}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=5).read()
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.3)
        sys.exit(f"{self.name} server did not answer within {timeout} s; see {self.log}")

    def workers(self) -> list[int]:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def descendants(self) -> dict[int, int]:
        """Every process under the master (workers, and what they start) and its depth."""
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
        depth, found = {}, True
        while found:
            found = False
            for pid, parent in parents.items():
                level = 1 if parent == self.process.pid else depth.get(parent, 0) + 1
                if pid not in depth and (parent == self.process.pid or parent in depth):
                    depth[pid], found = level, True
        return depth

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """The largest resident set seen, every 20 ms, of the gunicorn workers and, apart, of the
    processes they start (the PDF printing fork server and its short-lived children)."""

    def __init__(self, server: "Server"):
        super().__init__(daemon=True)
        self.server, self.stopping = server, threading.Event()
        self.peaks = {"worker": 0.0, "printing": 0.0}

    def run(self) -> None:
        while not self.stopping.is_set():
            for pid, depth in self.server.descendants().items():
                kind = "worker" if depth == 1 else "printing"
                self.peaks[kind] = max(self.peaks[kind], rss_mb(pid))
            time.sleep(0.02)

    def reset(self) -> dict:
        peaks, self.peaks = self.peaks, {"worker": 0.0, "printing": 0.0}
        return peaks

    def stop(self) -> dict:
        self.stopping.set()
        self.join()
        return self.peaks


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect())


def fetch(url: str, cookie: str | None) -> tuple[int, str, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    try:
        with OPENER.open(request, timeout=600) as response:
            response.read()
            status, kind = response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, kind = error.code, error.headers.get("Location", "")
    return status, kind, time.perf_counter() - started


def probe(url: str, cookie: str | None, content_type: str, times: int = 3) -> list[float]:
    """A few requests one after another: checks the answer is the page, and warms up.

    First two at a time, unmeasured, so that each of the two workers has served the page once:
    a worker's first PDF also imports WeasyPrint (about a second), which would otherwise be
    most of what the few requests of a slow page measure.
    """
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: fetch(url, cookie), range(4)))
    durations = []
    for _ in range(times):
        status, kind, seconds = fetch(url, cookie)
        if status != 200 or not kind.startswith(content_type):
            sys.exit(f"GET {url} answered {status} {kind!r}, expected 200 {content_type}")
        durations.append(seconds)
    return sorted(durations)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def run_wrk(url: str, cookie: str | None, connections: int, seconds: int) -> dict:
    command = [
        "wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
        "--timeout", "60s", "-s", str(HERE / "wrk_report.lua"),
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 120
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    errors = sum(data["errors"].values())
    latency = {key: data["latency_us"][key] / 1000 for key in ("p50", "p95", "p99")}
    return {
        "tool": "wrk",
        "requests": data["requests"],
        "errors": errors,
        "rps": round(data["requests"] / (data["duration_us"] / 1e6), 1),
        **{f"{key}_ms": round(value, 1) for key, value in latency.items()},
    }


def timed(durations: list[float], elapsed: float, errors: int = 0) -> dict:
    return {
        "tool": f"timed, {len(durations)} requests",
        "requests": len(durations),
        "errors": errors,
        "rps": round(len(durations) / elapsed, 2),
        **{f"p{p}_ms": round(percentile(durations, p / 100) * 1000, 1) for p in (50, 95, 99)},
    }


def run_timed(url: str, cookie: str | None, connections: int) -> dict:
    """For pages slower than wrk's window: one request per connection, all at once."""

    def one(_):
        status, _kind, seconds = fetch(url, cookie)
        return status, seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(one, range(connections)))
    elapsed = time.perf_counter() - started
    errors = sum(1 for status, _ in results if status != 200)
    return timed([seconds for _, seconds in results], elapsed, errors)


def load(url: str, cookie: str | None, content_type: str, seconds: int) -> dict:
    """The page at 1 and at 8 connections, with wrk, unless one request takes a good part of
    wrk's window (it would finish too few requests to say anything). Such a page is timed:
    its three probe requests are its figures at 1 connection, and 8 requests at once its
    figures at 8, unless one request takes longer than the window (then 8 are not tried)."""
    warm = probe(url, cookie, content_type)
    median = warm[len(warm) // 2]
    result = {"probe_ms": round(median * 1000, 1)}
    if median <= seconds / 20:
        for connections in (1, 8):
            result[str(connections)] = run_wrk(url, cookie, connections, seconds)
        return result
    result["1"] = timed(warm, sum(warm))
    if median <= seconds:
        result["8"] = run_timed(url, cookie, 8)
    else:
        result["8"] = {"tool": "not run", "reason": f"one request takes {median:.0f} s"}
    return result


def environment_without(names: tuple[str, ...]) -> dict:
    return {key: value for key, value in os.environ.items() if key not in names}
