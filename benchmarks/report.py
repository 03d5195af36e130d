"""The budgets (issue 10, as issue 21 set them again), checked against the figures; the table."""

from benchmarks.pages import Page

QUERY_CEILING = 30  # "in the low tens"


def _check(budget: str, measured: str, met: bool) -> dict:
    return {"budget": budget, "measured": measured, "met": met}


def query_budget(results: dict, pages: list[Page]) -> dict:
    queries, problems, parts = results["queries"], [], []
    for page in pages:
        count = queries[page.key]["queries"]
        twin = queries[page.key].get("twin", {}).get("queries")
        parts.append(f"{page.key} {count}" + (f"/{twin}" if twin is not None else ""))
        if count > QUERY_CEILING or (twin is not None and twin != count):
            problems.append(page.key)
    measured = ", ".join(parts) + " (large call/1,000 call)"
    if problems:
        measured += f"; over {QUERY_CEILING} or growing: {', '.join(problems)}"
    return _check(
        f"queries per request flat in the number of applications and at most {QUERY_CEILING}",
        measured,
        not problems,
    )


def budgets(results: dict, pages: list[Page]) -> list[dict]:
    load, first = results["pages"], results["pages"]["floor"]["8"]["rps"]
    checks = [query_budget(results, pages)]
    # Issue 21: throughput at 8 connections as a share of the floor's, in the same run: the
    # page's short loads in turn with the floor's (benchmarks/run.py, ratio_slices).
    for key, share in (("call", 0.5), ("static", 0.6), ("form", 0.2), ("mine", 0.25)):
        rps, ratio = load[key]["8"]["rps"], ratio_at_8(load, key)
        slices = load[key].get("against_floor")
        measured = (
            f"{ratio:.3f} × the floor (median of {slices['ratios']}: the page's req/s "
            f"{slices['page_rps']} between the floor's {slices['floor_rps']}); its own 10 s "
            f"load {rps} req/s = {rps / first:.3f} × the run's first floor, {first}"
            if slices
            else f"{rps} req/s = {ratio:.3f} × floor ({first})"
        )
        checks.append(_check(
            f"{key}: at least {share} × the floor's req/s at 8 connections", measured,
            ratio >= share,
        ))  # fmt: skip
    # Issue 21: the staff lists under 50 ms; issues 10 and 18: the other staff pages under 100.
    for key, limit in (("admin_list", 50), ("ranking", 50), ("ranking_deep", 50), ("queue", 100),
                       ("home", 100), ("home_reviewer", 100), ("dashboard", 100),
                       ("letter", 300)):  # fmt: skip
        p50 = load[key]["1"]["p50_ms"]
        checks.append(_check(f"{key}: median under {limit} ms at 1 connection", f"{p50} ms",
                             p50 < limit))  # fmt: skip
    scan = results["reminders"]
    checks.append(_check(
        f"reminder scan over {scan['drafts_due']} due drafts under 10 s, constant queries",
        f"{scan['seconds']} s, {scan['queries']} queries ({scan['queries_with_1_percent']} "
        f"with 1 % of the drafts)",
        scan["seconds"] < 10 and scan["queries"] == scan["queries_with_1_percent"],
    ))  # fmt: skip
    # Rendered by the Celery worker, not in a web request: timed in-process, as the worker runs.
    report = results["report"]
    checks.append(_check(
        f"selection report of the {report['applications']}-application call rendered under 5 s",
        f"{report['seconds']} s (task {report['task_seconds']} s, render alone "
        f"{report['render_seconds']} s), {report['queries']} queries",
        report["seconds"] < 5,
    ))  # fmt: skip
    memory = results["worker_rss_mb"]
    rss, peaks = memory["product"], memory.get("peaks_during", {})
    worst = max([*rss, *(peak["worker"] for peak in peaks.values())])
    printing = max([0.0, *(peak["printing"] for peak in peaks.values())])
    checks.append(_check(
        "gunicorn worker under 120 MB at every point (sampled every 20 ms during each load)",
        f"peak {worst} MB; after the run {rss}; the PDF printing processes they start peak at "
        f"{printing} MB", worst < 120,
    ))  # fmt: skip
    return checks


def ratio_at_8(load: dict, key: str) -> float:
    """The page's req/s at 8 connections over the floor's: from its loads in turn with the
    floor where it has some, else against the run's first floor load."""
    slices = load[key].get("against_floor")
    if slices:
        return slices["ratio"]
    return load[key]["8"]["rps"] / load["floor"]["8"]["rps"] if "rps" in load[key]["8"] else 0.0


def _cell(entry: dict, key: str, unit: str = "") -> str:
    return f"{entry[key]:g}{unit}" if key in entry else "—"


def _ratio(entry: dict, floor: dict) -> str:
    return f"{entry['rps'] / floor['rps']:.3f}" if "rps" in entry else "—"


def rows(results: dict, pages: list[Page]) -> list[list[str]]:
    floor = results["pages"]["floor"]
    table = [["page", "req/s @1", "req/s @8", "p50 @1", "p95 @1", "p99 @1", "p50 @8", "p99 @8",
              "queries", "× floor @1", "× floor @8"]]  # fmt: skip
    entries = [("floor", "Bare Django floor", {"queries": 1})]
    entries += [(p.key, p.name, results["queries"][p.key]) for p in pages]
    for key, name, queries in entries:
        one, eight = results["pages"][key]["1"], results["pages"][key]["8"]
        count = str(queries["queries"])
        if "twin" in queries:
            count += f" ({queries['twin']['queries']})"
        table.append([
            name, _cell(one, "rps"), _cell(eight, "rps"), _cell(one, "p50_ms", " ms"),
            _cell(one, "p95_ms", " ms"), _cell(one, "p99_ms", " ms"),
            _cell(eight, "p50_ms", " ms"), _cell(eight, "p99_ms", " ms"), count,
            _ratio(one, floor["1"]),
            f"{ratio_at_8(results['pages'], key):.3f}" if "rps" in eight else "—",
        ])  # fmt: skip
    return table


def markdown(table: list[list[str]]) -> str:
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
    lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
    return "\n".join(lines)


def print_report(results: dict, pages: list[Page]) -> None:
    about = results["machine"]
    print(f"\n{about['date']} · {about['nproc']} cores ({about['cpu']}) · {about['memory']} RAM"
          f" · {results['database']} · {results['scale']} data")  # fmt: skip
    print(f"Seeded {results['seed']['rows'].get('applications')} applications in "
          f"{results['seed']['seconds']} s\n")  # fmt: skip
    print(markdown(rows(results, pages)))
    print("\nqueries: on the large call (in brackets: the same page on the 1,000 call)")
    print("× floor @8: for " + ", ".join(
        key for key, result in results["pages"].items() if result.get("against_floor")
    ) + ", the median over short loads in turn with the floor's (see Budgets); the other "
        "pages against the first floor load")  # fmt: skip
    for key, result in results["pages"].items():
        if result["1"]["tool"] != "wrk":
            eight = result["8"].get("reason") or result["8"]["tool"]
            print(f"{key}: too slow for wrk's window; timed: {result['1']['tool']} one after "
                  f"another; at 8 connections: {eight}")  # fmt: skip
    errors = {key: [result[c].get("errors") for c in ("1", "8")]
              for key, result in results["pages"].items()
              if any(result[c].get("errors") for c in ("1", "8"))}  # fmt: skip
    if errors:
        print(f"ERRORS (non-2xx answers, timeouts) at 1 and 8 connections: {errors}")
    scan = results["reminders"]
    print(f"\nReminder scan: {scan['sent']} e-mails for {scan['drafts_due']} due drafts in "
          f"{scan['seconds']} s (scan {scan['scan_seconds']} s, commit and hand-off "
          f"{scan['handoff_seconds']} s), {scan['queries']} queries "
          f"({scan['queries_with_1_percent']} with 1 % of the drafts)")  # fmt: skip
    report = results["report"]
    print(f"Selection report ({report['applications']} applications), in the worker's place: "
          f"{report['seconds']} s (task with storing {report['task_seconds']} s, render alone "
          f"{report['render_seconds']} s), {report['queries']} queries, {report['kilobytes']} kB, "
          f"{report.get('pages')} pages, attached {report.get('attached_rows')}, "
          f"process peak {report['max_rss_mb']} MB")  # fmt: skip
    print(f"Worker memory (RSS, MB) after the run: {results['worker_rss_mb']}")
    print("\nBudgets:")
    for check in results["budgets"]:
        print(f"  [{'met' if check['met'] else 'MISSED'}] {check['budget']}: {check['measured']}")
    slow = {key: value["repeated"] for key, value in results["queries"].items()
            if value["repeated"]}  # fmt: skip
    if slow:
        print("\nQueries repeated within one request (shape, times):")
        for key, repeats in slow.items():
            for repeat in repeats:
                print(f"  {key}: ×{repeat['times']} {repeat['sql'][:160]}")
