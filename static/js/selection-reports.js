// While a selection report is being prepared, ask for the reports page again every few
// seconds and, once nothing is pending, put the new table and status in place. The status
// paragraph is a live region (role="status"), so the change is announced; the page does not
// reload, so focus stays where it is. Without JavaScript, the "Check again" link does this.
(function () {
  "use strict";
  var region = document.getElementById("selection-reports");
  if (!region || region.dataset.pending !== "true") { return; }
  var seconds = parseInt(region.dataset.refreshSeconds, 10) || 5;
  var triesLeft = 120; // about ten minutes; a report still pending then is left to the link
  function check() {
    triesLeft -= 1;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html")
          .getElementById("selection-reports");
        if (fresh && fresh.dataset.pending === "false") {
          document.getElementById("selection-reports-table")
            .replaceWith(fresh.querySelector("#selection-reports-table"));
          document.getElementById("selection-reports-status").innerHTML =
            fresh.querySelector("#selection-reports-status").innerHTML;
          return;
        }
        if (triesLeft > 0) { window.setTimeout(check, seconds * 1000); }
      })
      .catch(function () {
        if (triesLeft > 0) { window.setTimeout(check, seconds * 1000); }
      });
  }
  window.setTimeout(check, seconds * 1000);
})();
