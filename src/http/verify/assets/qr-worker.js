// Decodes camera frames off the main thread with jsQR (served by us from node_modules, never a CDN),
// for browsers without BarcodeDetector.
/* global jsQR */
importScripts('/verify/assets/vendor/jsqr.js');

self.addEventListener('message', (event) => {
  const { width, height, data } = event.data;
  const found = jsQR(new Uint8ClampedArray(data), width, height, { inversionAttempts: 'dontInvert' });
  self.postMessage({ text: found ? found.data : null });
});
