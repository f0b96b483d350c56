/* Aduan service worker (served from /sw.js): keeps the report form usable with no connection.
 *
 * - The "shell" (the form page, its CSS and scripts, htmx) is cached at install. The form page is fetched
 *   without cookies, so the cached copy holds nobody's name, NIK or session.
 * - /lapor/ is network-first: online, the live page; offline, the cached shell. The page's own script
 *   queues reports in IndexedDB and sends them when the connection returns (offline-queue.js).
 * - Region lists (/wilayah/) are network-first with a cached fallback, so the place pickers work offline
 *   for the places already looked at.
 * Nothing else is touched: every other request goes to the network as usual.
 */
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "aduan-shell-" + VERSION;
const REGION_CACHE = "aduan-wilayah-v1";
const SHELL = {{ shell|safe }};
const FORM_PATH = "/lapor/";
const REGIONS_PATH = "{{ regions_path }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      Promise.all(
        SHELL.map((url) =>
          // The page has just loaded the static files: the HTTP cache answers, nothing is downloaded twice.
          fetch(new Request(url, { credentials: "omit", cache: url === FORM_PATH ? "no-store" : "default" })).then((response) => {
            if (response.ok) return cache.put(url, response);
            return undefined;
          })
        )
      )
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("aduan-shell-") && key !== SHELL_CACHE).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function networkFirst(request, cacheName, fallbackUrl, keep) {
  return fetch(request)
    .then((response) => {
      if (keep && response.ok) {
        const copy = response.clone();
        caches.open(cacheName).then((cache) => cache.put(request, copy));
      }
      return response;
    })
    .catch(() =>
      caches.open(cacheName)
        .then((cache) => cache.match(fallbackUrl || request))
        .then((cached) => cached || Response.error())
    );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname === FORM_PATH && request.mode === "navigate") {
    // The live page may carry the reporter's details: it is never stored, only the cookie-less shell is.
    event.respondWith(networkFirst(request, SHELL_CACHE, FORM_PATH, false));
    return;
  }
  if (url.pathname === REGIONS_PATH) {
    event.respondWith(networkFirst(request, REGION_CACHE, null, true));
    return;
  }
  if (SHELL.includes(url.pathname) && url.pathname !== FORM_PATH) {
    event.respondWith(
      caches.open(SHELL_CACHE)
        .then((cache) => cache.match(url.pathname))
        .then((cached) => cached || fetch(request))
    );
  }
});
