// The verifier app: scan or type a card code, get one big unambiguous answer with the time,
// and what it means for the role chosen. Everything runs here in the browser: the typo check (C1),
// the counterfeit check of scanned addresses, the receipt check (C9) and the calendar file. The server
// sees only the code being checked — never the role, the language choice is only which text file
// is fetched, and nothing is stored by us (P1).

import { startCamera, stopCamera } from './camera.js';
import { check, reset, submitInput, updateCodeStatus } from './check.js';
import { $ } from './dom.js';
import { renderNotes } from './guidance.js';
import { downloadIcs, downloadPdf, fetchJwks } from './receipt-actions.js';
import { state } from './state.js';
import { buildSwitches, setLanguage, setTill } from './switches.js';

async function start() {
  buildSwitches();
  $('code').addEventListener('input', updateCodeStatus);
  $('code-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submitInput($('code').value);
  });
  $('code').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.till) reset();
  });
  $('till').addEventListener('change', () => setTill($('till').checked));
  $('scan').addEventListener('click', () => void startCamera());
  $('camera-stop').addEventListener('click', stopCamera);
  $('next').addEventListener('click', reset);
  $('retry').addEventListener('click', () => state.current?.code && void check(state.current.code));
  $('receipt-pdf').addEventListener('click', () => void downloadPdf());
  $('ics').addEventListener('click', downloadIcs);
  const [rulebooks] = await Promise.all([
    fetch('/verify/guidance.json').then((r) => (r.ok ? r.json() : null)),
    setLanguage(state.lang),
  ]);
  state.rulebooks = rulebooks?.roles ?? null;
  renderNotes();
  setTill(state.till);
  $('main').hidden = false;
  if (state.till) $('code').focus();
  document.body.dataset.ready = 'true';
  fetchJwks().catch(() => {});
  if ('serviceWorker' in navigator)
    navigator.serviceWorker.register('/verify/sw.js', { scope: '/verify' }).catch(() => {});
}

void start();
