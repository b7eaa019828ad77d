// Progressive enhancement for the officer console: every page works without this script. It adds a
// preview of the chosen photo, a size check before upload, and — where the browser has a camera —
// a "take photo" button that fills the same file field. Served from our origin (CSP script-src 'self').

function enhancePhotoInput(input) {
  const form = input.form;
  const preview = document.querySelector(`img[data-preview-for="${input.id}"]`);
  const maxBytes = Number(input.dataset.maxBytes || 0);
  const lang = document.documentElement.lang === 'en' ? 'en' : 'sv';
  const words = {
    sv: {
      tooLarge: 'Filen är för stor: högst 5 MB.',
      take: 'Ta foto med kameran',
      snap: 'Ta bilden',
      photo: 'Valt foto',
    },
    en: {
      tooLarge: 'The file is too large: at most 5 MB.',
      take: 'Take a photo with the camera',
      snap: 'Take the picture',
      photo: 'Chosen photo',
    },
  }[lang];

  function showPreview(file) {
    if (!preview || !file) return;
    preview.src = URL.createObjectURL(file);
    preview.alt = words.photo;
    preview.hidden = false;
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.setCustomValidity(file && maxBytes && file.size > maxBytes ? words.tooLarge : '');
    input.reportValidity();
    showPreview(file);
  });

  form.addEventListener('submit', (event) => {
    const file = input.files?.[0];
    if (file && maxBytes && file.size > maxBytes) {
      event.preventDefault();
      input.reportValidity();
      input.focus();
    }
  });

  const media = navigator.mediaDevices;
  if (!media || typeof media.getUserMedia !== 'function' || typeof DataTransfer !== 'function') return;
  const box = document.createElement('div');
  box.className = 'camera';
  const start = document.createElement('button');
  start.type = 'button';
  start.className = 'secondary';
  start.textContent = words.take;
  box.append(start);
  form.insertBefore(box, form.querySelector('button[type="submit"]'));

  start.addEventListener('click', async () => {
    let stream;
    try {
      stream = await media.getUserMedia({ video: { facingMode: 'user' }, audio: false });
    } catch {
      start.hidden = true;
      return;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    const snap = document.createElement('button');
    snap.type = 'button';
    snap.className = 'primary';
    snap.textContent = words.snap;
    // Ready before it is shown: a click on a button shown too early would otherwise do nothing.
    snap.addEventListener('click', () => {
      if (video.videoWidth === 0) return; // no frame yet; the officer can press again
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      canvas.toBlob(
        (blob) => {
          for (const track of stream.getTracks()) track.stop();
          video.remove();
          snap.remove();
          start.hidden = false;
          if (!blob) return;
          const file = new File([blob], 'camera.jpg', { type: 'image/jpeg' });
          const transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          input.dispatchEvent(new Event('change'));
        },
        'image/jpeg',
        0.9,
      );
    });
    box.append(video);
    start.hidden = true;
    await video.play();
    box.append(snap);
    snap.focus();
  });
}

for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) enhancePhotoInput(input);
