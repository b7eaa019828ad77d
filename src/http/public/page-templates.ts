// The lookup page, pre-rendered (C4, performance). renderAnswerPage stays the one definition of the
// page; this turns its output for each (language, kind of answer, AT-UND) into constant UTF-8 byte
// segments around the few values that differ per request — the code (as in the address and as
// printed), the date and the time of the check — and splices those in. Rendering a 4–5 KB page as a
// string, then measuring and encoding it, was most of the page's cost (docs/performance.md).
//
// Generic on purpose: the template is whatever renderAnswerPage produces for placeholder values, for
// every language in TEXTS and every variant of the answer (AT-UND, specimen), so changes to the page or its words need nothing here. A template is used
// only if splicing real values into it gives renderAnswerPage's output byte for byte (checked when it
// is built); otherwise — or for an answer with typed input (malformed) — the page is rendered as before.

import { formatCardCode } from '../../domain/card-code.ts';
import { takeBuffer } from './fast-path/slab.ts';
import { type PageAnswer, renderAnswerPage } from './lookup-page.ts';
import type { PageLanguage } from './texts.ts';

type Slot = 'code' | 'printed' | 'date' | 'time';
type Kind = PageAnswer['kind'];

// Private-use characters: nothing in a page's words or markup, and nothing escapeHtml changes.
const PLACEHOLDER_CODE = '\uE000'.repeat(13);
const PLACEHOLDER: Record<Slot, string> = {
  printed: formatCardCode(PLACEHOLDER_CODE),
  code: PLACEHOLDER_CODE,
  date: '\uE001',
  time: '\uE002',
};
// Longest first, so the printed form (with hyphens) is not read as the start of the bare code.
const SLOT_ORDER: Slot[] = ['printed', 'code', 'date', 'time'];
/** Only ASCII: no code unit above U+007F (a surrogate is above it too). */
const ASCII = /^[^\u0080-\uffff]*$/;
const IS_PLACEHOLDER = /[\uE000-\uE002]/;

/** Kinds whose page carries the looked-up code (a malformed answer echoes arbitrary typed text instead). */
const WITH_CODE: ReadonlySet<Kind> = new Set(['valid', 'not_valid', 'unknown']);

export interface PageTemplate {
  /** The page for this code at this date and time, as renderAnswerPage would write it, in UTF-8. */
  fill(code: string, date: string, time: string): Buffer;
}

const selfPathOf = (code: string | null) => (code ? `/k/${code}` : '/k/');
/** Whether selfPath is selfPathOf(code), without building it for every page. */
const isSelfPath = (selfPath: string, code: string | null) =>
  code
    ? selfPath.length === code.length + 3 && selfPath.startsWith('/k/') && selfPath.endsWith(code)
    : selfPath === '/k/';

function render(
  lang: PageLanguage,
  kind: Kind,
  atUnd: boolean,
  specimen: boolean,
  code: string | null,
  date: string,
  time: string,
) {
  return renderAnswerPage(
    lang,
    {
      kind,
      atUnd,
      ...(specimen ? { specimen } : {}),
      code,
      typed: null,
      checkedDate: date,
      checkedTime: time,
    },
    selfPathOf(code),
  );
}

/** Splits rendered text at the placeholders; null when one appears in a form this cannot splice. */
function split(text: string): { segments: Buffer[]; slots: Slot[] } | null {
  const segments: Buffer[] = [];
  const slots: Slot[] = [];
  let from = 0;
  let at = text.search(IS_PLACEHOLDER);
  while (at >= 0) {
    const slot = SLOT_ORDER.find((s) => text.startsWith(PLACEHOLDER[s], at));
    if (!slot) return null;
    segments.push(Buffer.from(text.slice(from, at)));
    slots.push(slot);
    from = at + PLACEHOLDER[slot].length;
    const next = text.slice(from).search(IS_PLACEHOLDER);
    at = next < 0 ? -1 : from + next;
  }
  segments.push(Buffer.from(text.slice(from)));
  return { segments, slots };
}

function makeTemplate(
  lang: PageLanguage,
  kind: Kind,
  atUnd: boolean,
  specimen: boolean,
): PageTemplate | null {
  const withCode = WITH_CODE.has(kind);
  const parts = split(
    render(
      lang,
      kind,
      atUnd,
      specimen,
      withCode ? PLACEHOLDER_CODE : null,
      PLACEHOLDER.date,
      PLACEHOLDER.time,
    ),
  );
  if (!parts) return null;
  const { segments, slots } = parts;
  const slotIds = slots.map((slot) => SLOT_ORDER.indexOf(slot));
  const fixed = segments.reduce((n, s) => n + s.length, 0);
  const first = segments[0] as Buffer;
  /** Any values: each encoded as UTF-8. */
  const fillAny = (values: readonly string[]): Buffer => {
    let length = fixed;
    for (const id of slotIds) length += Buffer.byteLength(values[id] as string);
    const out = takeBuffer(length);
    let offset = first.copy(out, 0);
    for (let i = 0; i < slotIds.length; i++) {
      offset += out.write(values[slotIds[i] as number] as string, offset);
      offset += (segments[i + 1] as Buffer).copy(out, offset);
    }
    return out;
  };
  // The page as it is for values of the usual lengths (a 13-character code, an ISO date, hh:mm:ss),
  // with zeros where they go: a fill copies it whole and copies the ASCII values' bytes to fixed
  // offsets — one copy of ~3 KB and a few short ones instead of one per segment, and no UTF-8 encoder.
  const usual = [formatCardCode(PLACEHOLDER_CODE).length, PLACEHOLDER_CODE.length, 10, 8];
  /** The values' bytes, written by each fill, and each value's part of them. */
  const bytes = Buffer.alloc(usual.reduce((n, length) => n + length, 0));
  const views = usual.map((length, id) => {
    const start = usual.slice(0, id).reduce((n, l) => n + l, 0);
    return bytes.subarray(start, start + length);
  });
  const base = Buffer.alloc(fixed + slotIds.reduce((n, id) => n + (usual[id] as number), 0));
  const offsets: number[] = [];
  let at = first.copy(base, 0);
  for (let i = 0; i < slotIds.length; i++) {
    offsets.push(at);
    at += usual[slotIds[i] as number] as number;
    at += (segments[i + 1] as Buffer).copy(base, at);
  }
  const template: PageTemplate = {
    fill(code, date, time) {
      const printed = formatCardCode(code);
      const values = [printed, code, date, time];
      for (let id = 0; id < values.length; id++)
        if ((values[id] as string).length !== usual[id]) return fillAny(values);
      // The values as bytes, in one write: a sliced code, a joined one and cached date and time are
      // strings of different kinds, and reading their characters one by one in JavaScript makes
      // every read a megamorphic property load.
      const all = printed + code + date + time;
      // Not ASCII: its UTF-8 is longer than the gap left for it.
      if (!ASCII.test(all)) return fillAny(values);
      bytes.write(all, 0, 'latin1');
      const out = takeBuffer(base.length);
      out.set(base, 0);
      for (let i = 0; i < slotIds.length; i++) out.set(views[slotIds[i] as number] as Uint8Array, offsets[i]);
      return out;
    },
  };
  // Trust, but verify: the spliced page must be the rendered page, byte for byte.
  const sample = withCode ? 'ABCDEFGHJKMNP' : null;
  const expected = Buffer.from(render(lang, kind, atUnd, specimen, sample, '2026-06-02', '12:34:56'));
  const spliced = template.fill(sample ?? '', '2026-06-02', '12:34:56');
  return spliced.equals(expected) ? template : null;
}

/**
 * Templates built on first use, one per (language, kind, AT-UND, specimen); null where the page must
 * be rendered.
 */
export class PageTemplates {
  /** By language, then kind: the four variants of AT-UND and specimen (index atUnd + 2 × specimen). */
  private readonly built = new Map<PageLanguage, Map<Kind, (PageTemplate | null | undefined)[]>>();

  /** The template for this answer, or null: render it with renderAnswerPage instead. */
  for(lang: PageLanguage, answer: PageAnswer, selfPath: string): PageTemplate | null {
    if (answer.typed !== null || answer.kind === 'malformed') return null;
    if (WITH_CODE.has(answer.kind) !== (answer.code !== null)) return null;
    if (!isSelfPath(selfPath, answer.code)) return null;
    const specimen = answer.specimen === true;
    let byKind = this.built.get(lang);
    if (!byKind) {
      byKind = new Map();
      this.built.set(lang, byKind);
    }
    let variants = byKind.get(answer.kind);
    if (!variants) {
      variants = [undefined, undefined, undefined, undefined];
      byKind.set(answer.kind, variants);
    }
    const i = (answer.atUnd ? 1 : 0) + (specimen ? 2 : 0);
    let template = variants[i];
    if (template === undefined) {
      template = makeTemplate(lang, answer.kind, answer.atUnd, specimen);
      variants[i] = template;
    }
    return template;
  }

  /** The page for an answer: spliced from a template when there is one, rendered otherwise. */
  page(lang: PageLanguage, answer: PageAnswer, selfPath: string): Buffer | string {
    const template = this.for(lang, answer, selfPath);
    return template
      ? template.fill(answer.code ?? '', answer.checkedDate, answer.checkedTime)
      : renderAnswerPage(lang, answer, selfPath);
  }
}
