// Typing, submitting and the check itself: the live check of the check symbol while typing (C1), and
// the lookup (C5: 200/404 answer; 400 typo; 429, 503, timeout, network: could not check).

import { show } from './answer.js';
import { describeCodeInput } from './card-code.js';
import { $ } from './dom.js';
import { checkReceipt } from './receipt-actions.js';
import { classifyInput } from './scan.js';
import { BASE_URL, shownCode, state, TIMEOUT_MS, t } from './state.js';

export function updateCodeStatus() {
  const value = $('code').value;
  const status = $('code-status');
  // An address typed by a hand scanner is judged on Enter, not symbol by symbol.
  const looksLikeAddress = /[/:.]/.test(value) || value.length > 24;
  const d = looksLikeAddress ? { state: 'empty' } : describeCodeInput(value);
  status.dataset.state = d.state;
  status.textContent =
    d.state === 'empty'
      ? ''
      : d.state === 'partial'
        ? t('status.partial', { n: d.count })
        : d.state === 'ok'
          ? t('status.ok', { code: shownCode(d.code) })
          : d.state === 'check'
            ? t('status.check')
            : d.state === 'symbol'
              ? t('status.symbol', { ch: d.symbol })
              : t('status.long', { n: d.count });
  $('code').setAttribute('aria-invalid', String(['check', 'symbol', 'long'].includes(d.state)));
}

export function submitInput(raw) {
  const c = classifyInput(raw, { baseUrl: BASE_URL, till: state.till });
  if (c.kind === 'empty') {
    $('code').focus();
    return;
  }
  if (state.till) $('code').value = '';
  if (c.kind === 'code') void check(c.code);
  else if (c.kind === 'typo') show({ kind: 'typo' });
  else if (c.kind === 'foreign') show({ kind: 'counterfeit', shown: c.shown });
  else show({ kind: 'not_card' });
  updateCodeStatus();
}

export async function check(code) {
  state.request?.abort();
  const controller = new AbortController();
  state.request = controller;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, TIMEOUT_MS);
  const button = $('check-button');
  button.disabled = true;
  button.textContent = t('checking');
  document.body.dataset.checking = 'true';
  try {
    let res;
    try {
      res = await fetch(`/api/v1/status/${encodeURIComponent(code)}?receipt=1`, {
        cache: 'no-store',
        credentials: 'omit',
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
    } catch {
      if (state.request !== controller) return; // replaced by a newer check
      show({ kind: 'unavailable', reason: timedOut ? 'timeout' : 'offline', code });
      return;
    }
    if (res.status === 200 || res.status === 404) {
      let body;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      const ok =
        body &&
        ['valid', 'not_valid', 'unknown'].includes(body.result) &&
        typeof body.atUnd === 'boolean' &&
        typeof body.checkedAt === 'string';
      if (!ok) {
        show({ kind: 'unavailable', reason: timedOut ? 'timeout' : 'down', code });
        return;
      }
      show({
        kind: body.specimen === true ? 'specimen' : body.result,
        result: body.result,
        atUnd: body.atUnd,
        checkedAt: body.checkedAt,
        specimen: body.specimen === true,
        code,
        receipt: typeof body.receipt === 'string' ? body.receipt : null,
        receiptState: typeof body.receipt === 'string' ? 'checking' : 'none',
      });
      void checkReceipt(state.current);
    } else if (res.status === 400) {
      show({ kind: 'typo' });
    } else if (res.status === 429) {
      const s = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
      show({ kind: 'unavailable', reason: 'rate', retryAfter: Number.isFinite(s) ? s : 60, code });
    } else {
      show({ kind: 'unavailable', reason: 'down', code });
    }
  } finally {
    clearTimeout(timer);
    if (state.request === controller) {
      state.request = null;
      button.disabled = false;
      button.textContent = t('check');
      delete document.body.dataset.checking;
    }
  }
}

export function reset() {
  state.request?.abort();
  state.current = null;
  $('result').hidden = true;
  window.scrollTo(0, 0);
  $('code').value = '';
  updateCodeStatus();
  $('code').focus();
}
