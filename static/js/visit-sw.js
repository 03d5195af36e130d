/* The visits' service worker: keeps a visit's page and its agenda (PDF) for a champion on the
   road during the visit's days, and answers from that copy when there is no network.

   The page (visit-offline.js) tells it what to keep and until when; each visit has a cache of
   its own, named with its last day, and a cache whose day has passed is dropped. Every other
   request goes to the network untouched. */
"use strict";

const PREFIX = "visit-offline:";

function expired(name, today) {
  const until = name.slice(PREFIX.length).split(":")[1];
  return !until || until < today;
}

async function dropExpired() {
  const today = new Date().toISOString().slice(0, 10);
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(PREFIX) && expired(name, today))
      .map((name) => caches.delete(name)));
}

async function keep(message) {
  const cache = await caches.open(`${PREFIX}${message.visit}:${message.until}`);
  await cache.addAll(message.urls.map((url) => new Request(url, { credentials: "same-origin" })));
  return message.urls.length;
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(dropExpired().then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  event.waitUntil(
    dropExpired()
      .then(() => keep(message))
      .then((count) => event.source && event.source.postMessage({ type: "kept", count }))
      .catch(() => event.source && event.source.postMessage({ type: "not-kept" })));
});

async function fromNetworkOrCopy(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Django varies pages on Cookie and Accept-Language, which the kept copy was fetched without.
    const copy = await caches.match(request, { ignoreSearch: true, ignoreVary: true });
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fromNetworkOrCopy(request));
});
