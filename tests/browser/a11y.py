"""axe-core, as shipped by axe-playwright-python, run on a Playwright page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()


# What Chromium says when axe ran while a click's navigation replaced the document under it.
NAVIGATED = ("Execution context was destroyed", "reading 'documentElement'")


def assert_accessible(page) -> None:
    """axe-core on the loaded page. A click just before may still be loading the next page:
    axe waits for it and, if the document was replaced while it ran, runs again on the new one."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            response = _axe.run(page, options=WCAG_AA).response
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATED):
                raise
    violations = response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not report, f"{page.url}:\n" + "\n".join(report)


def assert_fits_width(page, width: int = 375) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px > {width}px"
