// Guidance by role for the verifier app: what each answer means for a clinic, a pharmacy, an
// employer or anyone else, and what to do next. Guidance is data, not code: one rulebook file per
// organisation in LMA_RULEBOOK_DIR (default: the shipped `rulebooks/`, whose healthcare book follows
// the region's routine line by line). An operator replaces a file without touching code; a broken
// file stops the server at start-up with the file and the field named.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROLES = ['healthcare', 'pharmacy', 'employer', 'other'] as const;
export type Role = (typeof ROLES)[number];

/** The answers a verifier can meet, as the guidance names them (R11 plus "could not check"). */
export const ANSWER_CASES = ['valid', 'valid_at_und', 'not_valid', 'not_valid_at_und', 'unknown'] as const;
export const OPTIONAL_CASES = ['could_not_check', 'malformed'] as const;
export type AnswerCase = (typeof ANSWER_CASES)[number] | (typeof OPTIONAL_CASES)[number];

/** The verifier's languages; a rulebook needs Swedish and may carry any of the others. */
export const LANGUAGES = ['sv', 'en', 'ar', 'fa', 'ti', 'so', 'uk', 'ru'] as const;

export const RULEBOOK_FORMAT = 'lmakort-rulebook/1';
export const DEFAULT_RULEBOOK_DIR = fileURLToPath(new URL('../../../rulebooks/', import.meta.url));

export type Text = { sv: string } & Partial<Record<(typeof LANGUAGES)[number], string>>;
export interface Step extends Text {
  contacts?: string[];
}
export interface Guidance {
  meaning: Text;
  steps: Step[];
  ask?: { question: Text; options: { answer: Text; steps: Step[] }[] };
}
export interface Contact {
  name: Text;
  about?: Text;
  hours?: Text;
  lines: { label: Text; phone: string; menu?: Text; hours?: Text }[];
}
export interface Rulebook {
  format: typeof RULEBOOK_FORMAT;
  role: Role;
  organisation: Text;
  source?: Text;
  contacts: Record<string, Contact>;
  answers: Record<(typeof ANSWER_CASES)[number], Guidance> &
    Partial<Record<(typeof OPTIONAL_CASES)[number], Guidance>>;
  notes: { id: string; title: Text; steps: Step[] }[];
}
export type Rulebooks = Record<Role, Rulebook & { file: string }>;

export class RulebookError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`rulebook ${file}: ${field ? `${field} ` : ''}${problem}`);
    this.name = 'RulebookError';
  }
}

/** Reads every *.json in `dir`; exactly one rulebook per role. Throws RulebookError naming file and field. */
export function loadRulebooks(dir: string = DEFAULT_RULEBOOK_DIR): Rulebooks {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new RulebookError(dir, '', `cannot be read as a folder (${(error as Error).message})`);
  }
  const found: Partial<Rulebooks> = {};
  for (const name of files) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new RulebookError(file, '', `is not valid JSON (${(error as Error).message})`);
    }
    const book = validateRulebook(data, file);
    const other = found[book.role];
    if (other) throw new RulebookError(file, 'role', `"${book.role}" is also the role of ${other.file}`);
    found[book.role] = { ...book, file };
  }
  for (const role of ROLES) {
    if (!found[role])
      throw new RulebookError(
        dir,
        '',
        `has no rulebook with "role": "${role}" (one file per role: ${ROLES.join(', ')}; found ${files.join(', ') || 'no .json files'})`,
      );
  }
  return found as Rulebooks;
}

/** Checks one parsed rulebook; unknown fields are refused so a misspelt key is not silently ignored. */
export function validateRulebook(data: unknown, file: string): Rulebook {
  const fail = (field: string, problem: string): never => {
    throw new RulebookError(file, field, problem);
  };
  const object = (value: unknown, field: string, allowed: readonly string[]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail(field || '(top level)', 'must be an object');
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) fail(field ? `${field}.${key}` : key, 'is not a known field');
    return value as Record<string, unknown>;
  };
  const array = (value: unknown, field: string, nonEmpty: boolean) => {
    if (!Array.isArray(value)) return fail(field, 'must be an array');
    if (nonEmpty && value.length === 0) fail(field, 'must not be empty');
    return value as unknown[];
  };
  const text = (value: unknown, field: string, extra: readonly string[] = []) => {
    const t = object(value, field, [...LANGUAGES, ...extra]);
    if (typeof t.sv !== 'string' || t.sv.trim() === '')
      fail(`${field}.sv`, 'must be a non-empty string (Swedish is required)');
    for (const lang of LANGUAGES)
      if (t[lang] !== undefined && (typeof t[lang] !== 'string' || (t[lang] as string).trim() === ''))
        fail(`${field}.${lang}`, 'must be a non-empty string when given');
    return t;
  };

  const top = object(data, '', ['format', 'role', 'organisation', 'source', 'contacts', 'answers', 'notes']);
  if (top.format !== RULEBOOK_FORMAT) fail('format', `must be "${RULEBOOK_FORMAT}"`);
  if (!ROLES.includes(top.role as Role)) fail('role', `must be one of ${ROLES.join(', ')}`);
  text(top.organisation, 'organisation');
  if (top.source !== undefined) text(top.source, 'source');

  const contacts = object(top.contacts ?? {}, 'contacts', Object.keys(top.contacts ?? {}));
  for (const [id, value] of Object.entries(contacts)) {
    const field = `contacts.${id}`;
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) fail(field, 'id must be lower-case letters, digits and hyphens');
    const c = object(value, field, ['name', 'about', 'hours', 'lines']);
    text(c.name, `${field}.name`);
    if (c.about !== undefined) text(c.about, `${field}.about`);
    if (c.hours !== undefined) text(c.hours, `${field}.hours`);
    array(c.lines, `${field}.lines`, true).forEach((line, i) => {
      const lf = `${field}.lines[${i}]`;
      const l = object(line, lf, ['label', 'phone', 'menu', 'hours']);
      text(l.label, `${lf}.label`);
      if (typeof l.phone !== 'string' || !/^\+?[0-9][0-9 -]{4,24}$/.test(l.phone))
        fail(`${lf}.phone`, 'must be a phone number (digits, spaces, hyphens, optional leading +)');
      if (l.menu !== undefined) text(l.menu, `${lf}.menu`);
      if (l.hours !== undefined) text(l.hours, `${lf}.hours`);
    });
  }

  const steps = (value: unknown, field: string) =>
    array(value, field, true).forEach((step, i) => {
      const s = text(step, `${field}[${i}]`, ['contacts']);
      if (s.contacts !== undefined)
        array(s.contacts, `${field}[${i}].contacts`, true).forEach((id, j) => {
          if (typeof id !== 'string' || !(id in contacts))
            fail(
              `${field}[${i}].contacts[${j}]`,
              `names no contact in "contacts" (got ${JSON.stringify(id)})`,
            );
        });
    });
  const guidance = (value: unknown, field: string) => {
    const g = object(value, field, ['meaning', 'steps', 'ask']);
    text(g.meaning, `${field}.meaning`);
    steps(g.steps, `${field}.steps`);
    if (g.ask !== undefined) {
      const ask = object(g.ask, `${field}.ask`, ['question', 'options']);
      text(ask.question, `${field}.ask.question`);
      array(ask.options, `${field}.ask.options`, true).forEach((option, i) => {
        const of = `${field}.ask.options[${i}]`;
        const o = object(option, of, ['answer', 'steps']);
        text(o.answer, `${of}.answer`);
        steps(o.steps, `${of}.steps`);
      });
    }
  };
  const answers = object(top.answers, 'answers', [...ANSWER_CASES, ...OPTIONAL_CASES]);
  for (const c of ANSWER_CASES) {
    if (answers[c] === undefined) fail(`answers.${c}`, 'is missing (every answer needs guidance)');
    guidance(answers[c], `answers.${c}`);
  }
  for (const c of OPTIONAL_CASES) if (answers[c] !== undefined) guidance(answers[c], `answers.${c}`);

  const ids = new Set<string>();
  array(top.notes ?? [], 'notes', false).forEach((note, i) => {
    const n = object(note, `notes[${i}]`, ['id', 'title', 'steps']);
    if (typeof n.id !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(n.id))
      fail(`notes[${i}].id`, 'must be lower-case letters, digits and hyphens');
    if (ids.has(n.id as string)) fail(`notes[${i}].id`, `"${n.id}" is used twice`);
    ids.add(n.id as string);
    text(n.title, `notes[${i}].title`);
    steps(n.steps, `notes[${i}].steps`);
  });
  return {
    ...(top as unknown as Rulebook),
    contacts: contacts as Rulebook['contacts'],
    notes: (top.notes ?? []) as Rulebook['notes'],
  };
}
