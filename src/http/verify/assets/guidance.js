// Guidance by role, rendered from the rulebooks: what an answer means and what to do next, and the
// role's standing notes.

import { $, el } from './dom.js';
import { LANG_NAMES, RTL, state, t } from './state.js';

export function caseOf(a) {
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

export function renderGuidance() {
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

export function renderNotes() {
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
