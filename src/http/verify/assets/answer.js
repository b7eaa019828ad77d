// Showing an answer: one big unambiguous headline with the time, the code checked, the receipt's
// state and the guidance for the role chosen.

import { $, ICONS, svg } from './dom.js';
import { caseOf, renderGuidance } from './guidance.js';
import { beep } from './sound.js';
import { BASE_URL, ltr, shownCode, state, t } from './state.js';

const DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function show(answer) {
  state.current = { ...answer, at: answer.checkedAt ? new Date(answer.checkedAt) : new Date() };
  state.option = null;
  render();
  if (state.till) {
    beep(answer.kind);
    $('code').focus();
  } else {
    $('result').focus();
  }
}

export function render() {
  const a = state.current;
  $('result').hidden = false;
  const box = $('answer');
  box.dataset.result = a.kind;
  $('answer-icon').replaceChildren(svg(ICONS[a.kind]));
  const isSpecimen = a.kind === 'specimen';
  $('specimen-banner').hidden = !isSpecimen;
  $('specimen-note').hidden = !isSpecimen;
  if (isSpecimen) {
    $('specimen-banner').textContent = t('specimen.banner');
    $('specimen-note').textContent = `${t('specimen.note')} ${t('specimen.shows')}`;
  }
  const headlineKind = isSpecimen ? a.result : a.kind;
  // "LMA-kort" and "QR-kod" never break at their hyphen, however big the answer is.
  $('headline').textContent = t(`answer.${headlineKind}`)
    .replaceAll('LMA-', 'LMA\u2011')
    .replaceAll('QR-', 'QR\u2011');
  $('answer-sub').textContent =
    a.kind === 'unavailable'
      ? `${t(`unavailable.${a.reason}`, { s: a.retryAfter })} ${t('unavailable.note')}`
      : a.kind === 'counterfeit'
        ? `${t('counterfeit.host', { host: a.shown, ours: new URL(BASE_URL).host })} ${t('counterfeit.note')}`
        : a.kind === 'typo'
          ? t('typo.note')
          : a.kind === 'not_card'
            ? t('notCard.note')
            : caseOf(a) === 'unknown'
              ? t('unknown.note')
              : '';
  const answered = ['valid', 'not_valid', 'specimen'].includes(a.kind);
  $('atund').hidden = !(answered && a.atUnd);
  $('noatund').hidden = !(answered && !a.atUnd);
  $('atund-text').textContent = t('atUnd');
  $('atund-explain').textContent = t('atUndExplain');
  $('noatund').textContent = t('noAtUnd');
  const when = { date: ltr(DATE.format(a.at)), time: ltr(TIME.format(a.at)) };
  $('checked-at').textContent = a.checkedAt ? t('checkedAt', when) : t('triedAt', when);
  $('checked-code').textContent = a.code ? t('codeShown', { code: shownCode(a.code) }) : '';
  $('checked-code').hidden = !a.code;
  $('retry').hidden = a.kind !== 'unavailable';
  $('next').textContent = t(state.till ? 'nextCustomer' : 'next');
  renderReceipt();
  renderGuidance();
}

export function renderReceipt() {
  const a = state.current;
  const section = $('receipt');
  const offered = a && ['valid', 'not_valid', 'unknown', 'specimen'].includes(a.kind);
  section.hidden = !offered;
  if (!offered) return;
  section.dataset.state = a.receiptState;
  const short = a.kid ? ltr(`${a.kid.slice(0, 8)}…`) : '';
  $('receipt-status').textContent = t(`receipt.${a.receiptState}`, { kid: short });
  $('receipt-actions').hidden = a.receiptState !== 'verified';
}
