// The verifier app: scan or type a card code, get one big unambiguous answer with the time,
// and what it means for the role chosen. Everything runs here in the browser: the typo check (C1),
// the counterfeit check of scanned addresses, the receipt check (C9) and the calendar file. The server
// sees only the code being checked — never the role, the language choice is only which text file
// is fetched, and nothing is stored by us (P1).

import { describeCodeInput, formatCardCode } from './card-code.js';
import { buildReminderIcs } from './ics.js';
import { verifyReceipt } from './receipt.js';
import { classifyInput } from './scan.js';

const LANGS = ['sv', 'en', 'ar', 'fa', 'ti', 'so', 'uk', 'ru'];
const LANG_NAMES = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  ti: 'ትግርኛ',
  so: 'Soomaali',
  uk: 'Українська',
  ru: 'Русский',
};
const RTL = new Set(['ar', 'fa']);
const ROLES = ['healthcare', 'pharmacy', 'employer', 'other'];
/** C5: a check that takes longer than this is "could not check", never a guess. */
const TIMEOUT_MS = 10_000;
const BASE_URL = document.querySelector('meta[name="lma-public-base-url"]').content;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
};
const svg = (markup) => {
  const wrapper = document.createElement('span');
  wrapper.innerHTML = markup; // our own constant markup only, never data
  return wrapper.firstElementChild;
};

const ICONS = {
  valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#0a6b2d"/><path d="M13 25l7 7 15-16" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  not_valid:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#b00020"/><path d="M15 15l18 18M33 15L15 33" stroke="#fff" stroke-width="5" stroke-linecap="round"/></svg>',
  // A no-entry sign, as on the lookup page: no card has this code, a firm stop, not a question.
  unknown:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#111"/><path d="M13 24h22" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>',
  unavailable:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="#555"/><path d="M24 12v13l8 5" fill="none" stroke="#fff" stroke-width="4.5" stroke-linecap="round"/></svg>',
  typo: '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><path d="M24 3L46 43H2z" fill="#8a5a00"/><path d="M24 17v13" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#fff"/></svg>',
  counterfeit:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><path d="M24 3L46 43H2z" fill="#f2c200"/><path d="M24 16v14" stroke="#1c1c1c" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#1c1c1c"/></svg>',
  specimen:
    '<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><rect x="3" y="9" width="42" height="30" rx="5" fill="#555"/><path d="M11 19h26M11 25h18M11 31h22" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/></svg>',
};
ICONS.not_card = ICONS.typo;

// ---- small persistence (this device only; never sent) ----------------------------------------------
const stored = {
  get(key) {
    try {
      return localStorage.getItem(`lma-verify-${key}`);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(`lma-verify-${key}`, value);
    } catch {
      // private mode: the choice simply is not remembered
    }
  },
};

const query = new URLSearchParams(location.search);
const state = {
  lang: pickLanguage(),
  texts: {},
  role: pickRole(),
  till: query.get('mode') === 'till',
  rulebooks: null,
  current: null,
  request: null,
  jwks: null,
  option: null,
};

/** ?role= presets the role (a link from the lookup page, a bookmark at the till); else this device's choice. */
function pickRole() {
  const asked = query.get('role');
  if (ROLES.includes(asked)) {
    stored.set('role', asked);
    return asked;
  }
  const saved = stored.get('role');
  return ROLES.includes(saved) ? saved : 'healthcare';
}

function pickLanguage() {
  const asked = query.get('lang');
  if (LANGS.includes(asked)) return asked;
  const saved = stored.get('lang');
  if (LANGS.includes(saved)) return saved;
  for (const l of navigator.languages ?? []) {
    const base = l.toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'sv';
}

function t(key, vars = {}) {
  const text = state.texts[state.lang]?.[key] ?? state.texts.sv?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

async function loadTexts(lang) {
  if (state.texts[lang]) return;
  const res = await fetch(`/verify/assets/i18n/${lang}.json`);
  if (!res.ok) throw new Error(`texts ${lang}: ${res.status}`);
  state.texts[lang] = await res.json();
}

// ---- language, role, mode ------------------------------------------------------------------------
async function setLanguage(lang) {
  await loadTexts(lang);
  if (lang !== 'sv') await loadTexts('sv').catch(() => {});
  state.lang = lang;
  stored.set('lang', lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
  document.title = t('appName');
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('review').hidden = t('review') === '';
  $('langs').setAttribute('aria-label', t('languages'));
  for (const b of $('langs').children) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const b of $('roles').children) b.textContent = t(`role.${b.dataset.role}`);
  $('code-label').textContent = t(state.till ? 'tillLabel' : 'codeLabel');
  updateCodeStatus();
  renderNotes();
  if (state.current) render();
}

function buildSwitches() {
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

function setRole(role) {
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

function setTill(on) {
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

// ---- typing: live check of the check symbol (C1) ------------------------------------------------
function updateCodeStatus() {
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

function submitInput(raw) {
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

// ---- the check (C5: 200/404 answer; 400 typo; 429, 503, timeout, network: could not check) -------
async function check(code) {
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

// ---- C9: the receipt, checked here --------------------------------------------------------------
async function fetchJwks() {
  const res = await fetch('/.well-known/jwks.json', { credentials: 'omit' });
  if (!res.ok) throw new Error(`jwks ${res.status}`);
  state.jwks = await res.json();
  return state.jwks;
}

async function checkReceipt(answer) {
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

async function downloadPdf() {
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

function downloadIcs() {
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

// ---- showing an answer ---------------------------------------------------------------------------
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

function show(answer) {
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

function render() {
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

function renderReceipt() {
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

// ---- guidance by role (data: the rulebooks) -------------------------------------------------------
function caseOf(a) {
  if (['valid', 'not_valid'].includes(a.kind) || a.kind === 'specimen') {
    const r = a.result;
    if (r === 'unknown') return 'unknown';
    return a.atUnd ? `${r}_at_und` : r;
  }
  if (a.kind === 'unknown') return 'unknown';
  if (a.kind === 'unavailable') return 'could_not_check';
  return null;
}

/** A rulebook text in the chosen language, else English (for non-Swedish readers), else Swedish. */
function pick(text) {
  if (text[state.lang]) return { value: text[state.lang], lang: state.lang };
  if (state.lang !== 'sv' && text.en) return { value: text.en, lang: 'en' };
  return { value: text.sv, lang: 'sv' };
}

function textNode(tag, text, attrs = {}) {
  const p = pick(text);
  const other = p.lang !== state.lang;
  // Guidance in another language than the page keeps its own direction (English inside Arabic).
  return el(tag, {
    ...attrs,
    text: p.value,
    lang: other ? p.lang : undefined,
    dir: other ? (RTL.has(p.lang) ? 'rtl' : 'ltr') : undefined,
  });
}

function telHref(phone) {
  const digits = phone.replace(/[^0-9+]/g, '');
  return `tel:${digits.startsWith('0') ? `+46${digits.slice(1)}` : digits}`;
}

function renderContact(book, id) {
  const c = book.contacts[id];
  const box = el('div', { class: 'contact', 'data-testid': `contact-${id}` });
  box.append(textNode('p', c.name, { class: 'name' }));
  if (c.about) box.append(textNode('p', c.about));
  if (c.hours) box.append(textNode('p', c.hours));
  for (const line of c.lines) {
    const p = el('p');
    p.append(textNode('span', line.label), ': ');
    p.append(el('a', { href: telHref(line.phone), dir: 'ltr', text: line.phone }));
    if (line.menu) p.append(' — ', textNode('span', line.menu));
    if (line.hours) p.append(' (', textNode('span', line.hours), ')');
    box.append(p);
  }
  return box;
}

function renderSteps(book, steps) {
  const ol = el('ol');
  for (const step of steps) {
    const li = textNode('li', step);
    for (const id of step.contacts ?? []) li.append(renderContact(book, id));
    ol.append(li);
  }
  return ol;
}

function renderGuidance() {
  const section = $('guidance');
  const a = state.current;
  const book = state.rulebooks?.[state.role];
  const key = a ? caseOf(a) : null;
  const g = key && book ? book.answers[key] : null;
  section.hidden = !g;
  if (!g) return;
  section.dataset.role = state.role;
  section.dataset.case = key;
  $('guidance-title').textContent = t('guidance.title', { role: t(`role.${state.role}`) });
  const used = pick(g.meaning).lang;
  const note = $('guidance-lang');
  note.hidden = used === state.lang;
  note.textContent = t('guidance.langNote', { lang: LANG_NAMES[used] });
  const body = $('guidance-body');
  body.dir = RTL.has(used) ? 'rtl' : 'ltr';
  body.replaceChildren(textNode('p', g.meaning, { class: 'meaning' }), renderSteps(book, g.steps));
  if (g.ask) {
    const options = el('div', { class: 'options' });
    const chosen = el('div', { 'data-testid': 'ask-steps' });
    g.ask.options.forEach((option, i) => {
      const b = textNode('button', option.answer, {
        type: 'button',
        'aria-pressed': String(state.option === i),
        'data-testid': 'ask-option',
      });
      b.addEventListener('click', () => {
        state.option = i;
        renderGuidance();
      });
      options.append(b);
    });
    if (state.option !== null && g.ask.options[state.option])
      chosen.append(renderSteps(book, g.ask.options[state.option].steps));
    body.append(textNode('p', g.ask.question, { class: 'question' }), options, chosen);
  }
  if (book.source)
    body.append(el('p', { class: 'small', text: t('guidance.source', { source: pick(book.source).value }) }));
}

function renderNotes() {
  const book = state.rulebooks?.[state.role];
  const notes = $('notes');
  notes.hidden = !book || book.notes.length === 0;
  if (notes.hidden) return;
  const body = $('notes-body');
  body.replaceChildren();
  for (const note of book.notes) {
    const section = el('section', { 'data-testid': `note-${note.id}` });
    section.append(textNode('h4', note.title), renderSteps(book, note.steps));
    body.append(section);
  }
}

/**
 * Text that is always read left to right (codes, dates, times) inside a sentence of any direction:
 * wrapped in a Unicode left-to-right isolate, so Arabic and Persian do not reorder its parts.
 */
function ltr(text) {
  return `\u2066${text}\u2069`;
}

/** A code as printed, with no-break hyphens so it never wraps inside a group. */
function shownCode(code) {
  return ltr(formatCardCode(code).replaceAll('-', '\u2011'));
}

function reset() {
  state.request?.abort();
  state.current = null;
  $('result').hidden = true;
  window.scrollTo(0, 0);
  $('code').value = '';
  updateCodeStatus();
  $('code').focus();
}

// ---- till mode sound: distinct for valid and not valid ---------------------------------------------
let audio = null;
function beep(kind) {
  try {
    audio ??= new AudioContext();
  } catch {
    return;
  }
  const tones =
    kind === 'valid'
      ? [
          [880, 0, 0.12, 'sine'],
          [1320, 0.16, 0.14, 'sine'],
        ]
      : kind === 'not_valid'
        ? [[196, 0, 0.7, 'square']]
        : [
            [440, 0, 0.15, 'triangle'],
            [440, 0.25, 0.15, 'triangle'],
          ];
  for (const [frequency, at, duration, type] of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + at);
    oscillator.stop(audio.currentTime + at + duration);
  }
}

// ---- the camera: BarcodeDetector where present, else jsQR in a worker (served by us) ---------------
const camera = { stream: null, detector: null, worker: null, running: false, canvas: null, pending: null };

async function startCamera() {
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

function stopCamera() {
  camera.running = false;
  for (const track of camera.stream?.getTracks() ?? []) track.stop();
  camera.stream = null;
  $('video').srcObject = null;
  $('video').hidden = false;
  $('camera').hidden = true;
  $('scan').hidden = false;
}

// ---- start ---------------------------------------------------------------------------------------
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
