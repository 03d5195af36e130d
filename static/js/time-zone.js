// The sign-up form's hidden time_zone: the zone the browser runs in ("Europe/Rome"), so that
// people.signals stores it with the new account. Without JavaScript it stays empty and the
// site's zone is kept; the person can change it on their account page.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll('input[name="time_zone"]').forEach(function (field) {
    if (!field.value) {
      field.value = zone;
    }
  });
})();
