/*
 * The web app's service worker (served from the site's root so its scope is the whole app): shows
 * the server's push messages (libs/notify/src/push, payload {id, title, body, url, tag}) as system
 * notifications and opens the message's page when one is clicked. No fetch handler: the app is not
 * cached offline.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data.text() };
  }
  // Chromium shows a notice of its own for a push that shows nothing; the server always sends a title.
  const title = typeof data.title === 'string' && data.title ? data.title : self.location.host;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      // The same tag replaces a notification already shown (a redelivery), instead of adding one.
      tag: typeof data.tag === 'string' ? data.tag : undefined,
      lang: 'vi',
      data: { url: sameOriginUrl(data.url), id: data.id },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url) || windows.find((w) => 'navigate' in w);
      if (open) return (open.url === url ? Promise.resolve(open) : open.navigate(url)).then((w) => (w || open).focus());
      return self.clients.openWindow(url);
    }),
  );
});

/** Only pages of this site: a push never opens another site. */
function sameOriginUrl(url) {
  try {
    const u = new URL(typeof url === 'string' ? url : '/', self.location.origin);
    return u.origin === self.location.origin ? u.href : self.location.origin + '/';
  } catch {
    return self.location.origin + '/';
  }
}
