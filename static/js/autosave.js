// Saves a draft application while the officer types: to the server every few seconds, and to
// this browser's storage on every change, so a closed tab or an expired session loses nothing.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var storageKey = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var delayMs = 5000;
  var timer = null;
  var dirty = false;
  var lastSent = null; // what the server holds: typing and undoing costs no request

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name !== "csrfmiddlewaretoken" && element.type !== "submit";
    });
  }
  function snapshot() {
    var values = {};
    fields().forEach(function (element) {
      if (element.type === "checkbox") {
        values[element.name] = values[element.name] || [];
        if (element.checked) { values[element.name].push(element.value); }
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }
  function restore(values) {
    fields().forEach(function (element) {
      if (!(element.name in values)) { return; }
      if (element.type === "checkbox") {
        element.checked = values[element.name].indexOf(element.value) !== -1;
      } else {
        element.value = values[element.name];
      }
      element.dispatchEvent(new Event("input"));
    });
  }
  function say(text) { if (status) { status.textContent = text; } }
  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: new Date().toISOString(), values: snapshot() }));
    } catch (error) { /* storage full or disabled: the server copy still works */ }
  }
  function saveToServer() {
    if (!url || !dirty) { return; }
    dirty = false;
    var sending = JSON.stringify(snapshot());
    if (sending === lastSent) { return; }
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (!type.startsWith("application/json")) {
          say(form.dataset.msgSession);
          return null;
        }
        return response.json().then(function (data) {
          if (response.ok) {
            lastSent = sending;
            // The server writes the whole sentence, in the call's zone: "Draft saved at 16:26
            // (Brussels time)." — the same words as after a Save draft without JavaScript.
            say(data.saved_at_label);
            try { localStorage.removeItem(storageKey); } catch (error) { /* ignore */ }
          } else {
            say(data.error || form.dataset.msgInvalid);
          }
        });
      })
      .catch(function () { say(form.dataset.msgOffline); });
  }
  function changed() {
    dirty = true;
    keepLocally();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(saveToServer, delayMs);
  }

  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (error) { kept = null; }
  var savedAt = form.dataset.savedAt ? new Date(form.dataset.savedAt) : null;
  if (kept && (!savedAt || new Date(kept.at) > savedAt)) {
    restore(kept.values);
    dirty = true;
    say(form.dataset.msgRestored);
    if (url) { timer = setTimeout(saveToServer, 500); }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { try { localStorage.removeItem(storageKey); } catch (error) { /* ignore */ } });
})();
