// The camera: BarcodeDetector where present, else jsQR in a worker (served by us).

import { submitInput } from './check.js';
import { $ } from './dom.js';
import { t } from './state.js';

const camera = { stream: null, detector: null, worker: null, running: false, canvas: null, pending: null };

export async function startCamera() {
  $('camera').hidden = false;
  $('scan').hidden = true;
  const status = $('camera-status');
  status.textContent = t('cameraStarting');
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API');
    camera.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
    const video = $('video');
    video.srcObject = camera.stream;
    await video.play();
    if (!camera.detector && !camera.worker) await chooseDecoder();
    camera.running = true;
    status.textContent = t('cameraHint');
    void scanLoop();
  } catch {
    stopCamera();
    $('camera').hidden = false;
    $('video').hidden = true;
    status.textContent = t('cameraError');
  }
}

async function chooseDecoder() {
  if ('BarcodeDetector' in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) {
        camera.detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        document.body.dataset.decoder = 'barcode-detector';
        return;
      }
    } catch {
      // fall through to our own decoder
    }
  }
  camera.worker = new Worker('/verify/assets/qr-worker.js');
  camera.worker.addEventListener('message', (event) => camera.pending?.(event.data));
  document.body.dataset.decoder = 'jsqr';
}

function decodeWithWorker(image) {
  return new Promise((resolve) => {
    camera.pending = (data) => {
      camera.pending = null;
      resolve(data.text ?? null);
    };
    camera.worker.postMessage({ width: image.width, height: image.height, data: image.data.buffer }, [
      image.data.buffer,
    ]);
  });
}

async function scanLoop() {
  const video = $('video');
  while (camera.running) {
    let text = null;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      if (camera.detector) {
        const found = await camera.detector.detect(video).catch(() => []);
        text = found[0]?.rawValue ?? null;
      } else {
        const scale = Math.min(1, 960 / video.videoWidth);
        const w = Math.round(video.videoWidth * scale);
        const h = Math.round(video.videoHeight * scale);
        camera.canvas ??= document.createElement('canvas');
        camera.canvas.width = w;
        camera.canvas.height = h;
        const ctx = camera.canvas.getContext('2d', { willReadFrequently: true });
        ctx.drawImage(video, 0, 0, w, h);
        text = await decodeWithWorker(ctx.getImageData(0, 0, w, h));
      }
    }
    if (!camera.running) return;
    if (text) {
      stopCamera();
      submitInput(text);
      return;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

export function stopCamera() {
  camera.running = false;
  for (const track of camera.stream?.getTracks() ?? []) track.stop();
  camera.stream = null;
  $('video').srcObject = null;
  $('video').hidden = false;
  $('camera').hidden = true;
  $('scan').hidden = false;
}
