// The language, role and till-mode switches of the verifier app.

import { render } from './answer.js';
import { updateCodeStatus } from './check.js';
import { $, el } from './dom.js';
import { renderNotes } from './guidance.js';
import { LANG_NAMES, LANGS, loadTexts, query, ROLES, RTL, state, stored, t } from './state.js';

export async function setLanguage(lang) {
  await loadTexts(lang);
  if (lang !== 'sv') await loadTexts('sv').catch(() => {});
  state.lang = lang;
  stored.set('lang', lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
  document.title = t('appName');
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  // The original's own file says so in `_meta`; only a translation carries the review notice.
  $('review').hidden = state.texts[lang]._meta.review === 'original';
  $('langs').setAttribute('aria-label', t('languages'));
  for (const b of $('langs').children) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const b of $('roles').children) b.textContent = t(`role.${b.dataset.role}`);
  $('code-label').textContent = t(state.till ? 'tillLabel' : 'codeLabel');
  updateCodeStatus();
  renderNotes();
  if (state.current) render();
}

export function buildSwitches() {
  for (const lang of LANGS) {
    const b = el('button', {
      type: 'button',
      lang,
      'data-lang': lang,
      'aria-pressed': 'false',
      text: LANG_NAMES[lang],
    });
    if (RTL.has(lang)) b.dir = 'rtl';
    b.addEventListener('click', () => void setLanguage(lang));
    $('langs').append(b);
  }
  for (const role of ROLES) {
    const b = el('button', {
      type: 'button',
      role: 'radio',
      'data-role': role,
      'data-testid': `role-${role}`,
    });
    b.addEventListener('click', () => setRole(role));
    $('roles').append(b);
  }
  markRole();
}

function markRole() {
  for (const b of $('roles').children) {
    const on = b.dataset.role === state.role;
    b.setAttribute('aria-checked', String(on));
    b.tabIndex = on ? 0 : -1;
  }
}

export function setRole(role) {
  state.role = role;
  state.option = null;
  // Remembered on this device only (never a cookie, never sent); a ?role= in the address follows.
  stored.set('role', role);
  if (query.has('role')) {
    const url = new URL(location.href);
    url.searchParams.set('role', role);
    history.replaceState(null, '', url);
  }
  markRole();
  renderNotes();
  if (state.current) render();
}

export function setTill(on) {
  state.till = on;
  $('till').checked = on;
  document.body.classList.toggle('till', on);
  const url = new URL(location.href);
  if (on) url.searchParams.set('mode', 'till');
  else url.searchParams.delete('mode');
  history.replaceState(null, '', url);
  $('code-label').textContent = t(on ? 'tillLabel' : 'codeLabel');
  if (state.current) render();
  if (on) $('code').focus();
}
