/* A visit's page during the visit's days: ask the service worker to keep this page, its agenda
   (PDF) and the files the page uses, so the champion can read it again without signal. The
   page works the same without it; the status line says when the copy is ready. */
(function () {
  "use strict";
  const box = document.getElementById("offline");
  if (!box || !("serviceWorker" in navigator)) return;
  const status = box.querySelector(".offline-status");
  const assets = Array.from(document.querySelectorAll("link[rel=stylesheet], script[src]"))
    .map((element) => element.href || element.src)
    .filter((url) => url && new URL(url).origin === location.origin);
  const urls = JSON.parse(box.dataset.urls).concat(assets);

  navigator.serviceWorker.addEventListener("message", (event) => {
    if (!event.data) return;
    if (event.data.type === "kept") {
      box.dataset.ready = "yes";
      box.hidden = false;
      status.textContent = box.dataset.readyText;
    }
  });
  navigator.serviceWorker
    .register(box.dataset.worker, { scope: box.dataset.scope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      registration.active.postMessage({
        type: "keep", visit: box.dataset.visit, until: box.dataset.until, urls: urls,
      });
    })
    .catch(() => {});
})();
