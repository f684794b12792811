// For static hosts that cannot send the two headers SharedArrayBuffer needs: registers coi-sw.js, a
// service worker that adds them to every response of this site, and reloads once it is in control.
// A host that sends the headers makes the page cross-origin isolated already and this does nothing.
(function () {
  if (self.crossOriginIsolated || !('serviceWorker' in navigator) || !self.isSecureContext) return;
  var key = 'urfs-coi-reloaded';
  navigator.serviceWorker.register(new URL('coi-sw.js', document.baseURI)).then(function (reg) {
    function reload() {
      if (sessionStorage.getItem(key)) return;
      sessionStorage.setItem(key, '1');
      location.reload();
    }
    if (navigator.serviceWorker.controller) reload();
    else navigator.serviceWorker.addEventListener('controllerchange', reload);
    if (reg && reg.active && !navigator.serviceWorker.controller) reg.active.postMessage('claim');
  });
})();
