"""The pages the benchmark loads, who loads them, and their twin on the smaller call.

The twin (the same page for the 1,000-application call) is only fetched to count queries: a
page whose query count differs between the two grows with the number of applications.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    path: str
    role: str | None  # whose session cookie is sent; None for anonymous
    content_type: str = "text/html"
    twin: str | None = None


def key_pages(manifest: dict) -> list[Page]:
    large, small = manifest["large"], manifest["small"]
    visit = manifest["visit"]
    admin = "/admin/applications/application/?call__id__exact={}"
    queue = "/admin/reviews/review/?application__call__id__exact={}"
    ranking = "/admin/reviews/review/ranking/{}/"
    letter = "/admin/reviews/review/application/{}/letter.pdf"
    dashboard = "/admin/dashboards/call/{}/"
    return [
        Page("call", "Public call page", f"/calls/{large['slug']}/", None,
             twin=f"/calls/{small['slug']}/"),
        Page("static", "Accessibility statement (no data)", "/accessibility/", None),
        # The same page signed in: session, user, menu, no data of its own. No signed-in page
        # can be faster: the ceiling for the form and My applications.
        Page("static_signed_in", "Accessibility statement, signed in (officer)", "/accessibility/",
             "officer"),
        Page("form", "Application form (officer)", f"/applications/{large['slug']}/", "officer"),
        Page("mine", "My applications", "/applications/", "officer"),
        Page("admin_list", "Admin application list (100 rows)", admin.format(large["id"]),
             "coordinator", twin=admin.format(small["id"])),
        Page("queue", "Reviewer's queue", queue.format(large["id"]), "reviewer",
             twin=queue.format(small["id"])),
        Page("ranking", "Ranking", ranking.format(large["id"]), "coordinator",
             twin=ranking.format(small["id"])),
        Page("ranking_deep", "Ranking, page 40 (ranks 3,901 to 4,000)",
             ranking.format(large["id"]) + "?page=40", "coordinator",
             twin=ranking.format(small["id"]) + "?page=4"),
        Page("home", "Staff home (coordinator)", "/admin/", "coordinator"),
        Page("home_reviewer", "Staff home (reviewer, ~1,000 reviews)", "/admin/", "reviewer"),
        Page("dashboard", "Call dashboard", dashboard.format(large["id"]), "coordinator",
             twin=dashboard.format(small["id"])),
        Page("visit", "Champion's visit page", f"/visits/{visit['id']}/", "champion"),
        Page("letter", "Decision letter PDF", letter.format(large["letter_application"]),
             "coordinator", "application/pdf", twin=letter.format(small["letter_application"])),
        # The file the worker stored (benchmarks.probe report renders it before the load).
        Page("report", "Selection report download (ready PDF, 1,000 call)",
             f"/admin/reviews/review/ranking/{small['id']}/reports/"
             f"{manifest.get('report', {}).get('id', 0)}.pdf",
             "coordinator", "application/pdf"),
        Page("ics", "A champion's calendar feed", f"/visits/calendar/{visit['feed_token']}.ics",
             None,
             "text/calendar"),
    ]  # fmt: skip
