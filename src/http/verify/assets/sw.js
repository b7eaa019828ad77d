// The verifier's service worker: keeps the app shell (page, scripts, styles, texts, guidance) so the
// app opens without a network. It never answers a check: status, receipts and keys always go to the
// network, so an offline check is "could not check", never an old answer (C5).
// Both filled in by the server (verify-routes.ts): a hash of the shell's contents and its paths.
const VERSION = 'dev';
const SHELL = [];
const CACHE = `lmakort-verify-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('lmakort-verify-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !SHELL.includes(url.pathname))
    return;
  // Network first, so an update shows at once; the cached shell only when the network is gone.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit ?? Response.error())),
  );
});
