// The receipt of an answer (C9), checked here against the published keys, and what can be kept of an
// answer: the receipt as a PDF and a calendar reminder to check again.

import { renderReceipt } from './answer.js';
import { $, el } from './dom.js';
import { buildReminderIcs } from './ics.js';
import { verifyReceipt } from './receipt.js';
import { BASE_URL, state, t } from './state.js';

export async function fetchJwks() {
  const res = await fetch('/.well-known/jwks.json', { credentials: 'omit' });
  if (!res.ok) throw new Error(`jwks ${res.status}`);
  state.jwks = await res.json();
  return state.jwks;
}

export async function checkReceipt(answer) {
  if (!answer?.receipt) return;
  const shown = {
    code: answer.code,
    result: answer.result,
    atUnd: answer.atUnd,
    checkedAt: answer.checkedAt,
    specimen: answer.specimen,
  };
  let outcome;
  try {
    outcome = await verifyReceipt(answer.receipt, state.jwks ?? (await fetchJwks()), shown);
    // A key rotated since the keys were fetched: fetch them once more.
    if (!outcome.ok && outcome.reason === 'key')
      outcome = await verifyReceipt(answer.receipt, await fetchJwks(), shown);
  } catch {
    outcome = { ok: false, reason: 'unsupported' };
  }
  if (state.current !== answer) return;
  answer.receiptState = outcome.ok
    ? 'verified'
    : outcome.reason === 'unsupported'
      ? 'unsupported'
      : 'refused';
  answer.kid = outcome.ok ? outcome.kid : null;
  renderReceipt();
}

export async function downloadPdf() {
  const answer = state.current;
  if (!answer?.receipt || answer.receiptState !== 'verified') return;
  const button = $('receipt-pdf');
  const status = $('pdf-status');
  button.disabled = true;
  status.textContent = t('receipt.pdfWorking');
  try {
    const res = await fetch('/verify/receipt.pdf', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/pdf' },
      body: JSON.stringify({ receipt: answer.receipt, lang: state.lang }),
    });
    const type = res.headers.get('content-type') ?? '';
    if (!res.ok || !type.startsWith('application/pdf')) {
      status.textContent = t('receipt.pdfFailed', { status: res.status });
      return;
    }
    save(await res.blob(), `lma-kvitto-${answer.checkedAt.slice(0, 10)}.pdf`);
    status.textContent = t('receipt.pdfDone');
  } catch {
    status.textContent = t('receipt.pdfFailed', { status: '—' });
  } finally {
    button.disabled = false;
  }
}

export function downloadIcs() {
  const answer = state.current;
  if (!answer?.checkedAt) return;
  const input = $('ics-days');
  const days = Number(input.value);
  const good = Number.isInteger(days) && days >= 1 && days <= 366;
  input.setAttribute('aria-invalid', String(!good));
  if (!good) {
    input.focus();
    return;
  }
  const ics = buildReminderIcs({
    checkedAt: new Date(answer.checkedAt),
    days,
    now: new Date(),
    uid: `${crypto.randomUUID()}@lmakort-verify`,
    summary: t('ics.summary'),
    description: t('ics.description', { url: `${BASE_URL}/verify` }),
  });
  save(new Blob([ics], { type: 'text/calendar;charset=utf-8' }), 'lma-kontrollera-igen.ics');
  $('ics-status').textContent = t('ics.done');
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
