// The verifier app's state and settings: languages and roles, the choices remembered on this device
// (never sent, P1), the texts of the chosen language, and how codes, dates and times are written.

import { formatCardCode } from './card-code.js';

export const LANGS = ['sv', 'en', 'ar', 'fa', 'ti', 'so', 'uk', 'ru'];
export const LANG_NAMES = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  ti: 'ትግርኛ',
  so: 'Soomaali',
  uk: 'Українська',
  ru: 'Русский',
};
export const RTL = new Set(['ar', 'fa']);
export const ROLES = ['healthcare', 'pharmacy', 'employer', 'other'];
/** C5: a check that takes longer than this is "could not check", never a guess. */
export const TIMEOUT_MS = 10_000;
export const BASE_URL = document.querySelector('meta[name="lma-public-base-url"]').content;

// ---- small persistence (this device only; never sent) ----------------------------------------------
export const stored = {
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

export const query = new URLSearchParams(location.search);
export const state = {
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

/**
 * A text in the chosen language with its `{name}` placeholders filled — the placeholder syntax of
 * every catalogue (src/catalogue.ts, whose `fill` the server uses on the same files).
 */
export function t(key, vars = {}) {
  const text = state.texts[state.lang]?.[key] ?? state.texts.sv?.[key] ?? key;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name) =>
    name in vars ? String(vars[name]) : `{${name}}`,
  );
}

export async function loadTexts(lang) {
  if (state.texts[lang]) return;
  const res = await fetch(`/verify/assets/i18n/${lang}.json`);
  if (!res.ok) throw new Error(`texts ${lang}: ${res.status}`);
  state.texts[lang] = await res.json();
}

/**
 * Text that is always read left to right (codes, dates, times) inside a sentence of any direction:
 * wrapped in a Unicode left-to-right isolate, so Arabic and Persian do not reorder its parts.
 */
export function ltr(text) {
  return `\u2066${text}\u2069`;
}

/** A code as printed, with no-break hyphens so it never wraps inside a group. */
export function shownCode(code) {
  return ltr(formatCardCode(code).replaceAll('-', '\u2011'));
}
