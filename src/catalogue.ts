// One way to keep words for every surface — the lookup page, the verifier app, the console, letters
// and receipts. Each surface keeps its own catalogue: a folder with one JSON file per language
// (`<lang>.json`), which a translator edits. This module reads a catalogue and checks it before any
// of it is used: every language has exactly the keys of the reference language (the first), a text
// is never empty, and each text names the same `{placeholder}`s as the reference text, so a
// translation can neither drop nor invent a value. A surface reads its catalogue once, at start-up;
// a mistake stops the server with the file and the key named, never a half-translated page.

import { readFileSync } from 'node:fs';

/** What a catalogue file holds: texts, lists of texts and groups of them, to any depth. */
export type CatalogueValue = string | readonly CatalogueValue[] | { readonly [key: string]: CatalogueValue };
export type CatalogueFile = { readonly [key: string]: CatalogueValue };

export class CatalogueError extends Error {}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The placeholder names a text uses, each once, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/**
 * Puts the values into a text's `{name}` placeholders. A placeholder without a value is a
 * programming error (the catalogue check guarantees every language names the same ones), so it
 * throws rather than show "{name}" to a reader. Values are inserted as given: a caller writing HTML
 * escapes them first.
 */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new CatalogueError(`no value for {${name}} in "${text}"`);
    return String(value);
  });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A text made safe to stand in HTML, as content or as a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * `fill` for a page: the text is HTML-escaped (a translation cannot inject markup), the values are
 * inserted as given — HTML, escaped by the caller where they come from outside.
 */
export function fillHtml(text: string, values: Readonly<Record<string, string | number>>): string {
  return fill(escapeHtml(text), values);
}

/** text, list or group; anything else by its JSON name (number, boolean, null). */
const kindOf = (value: unknown): string =>
  typeof value === 'string'
    ? 'text'
    : Array.isArray(value)
      ? 'list'
      : value === null
        ? 'null'
        : typeof value === 'object'
          ? 'group'
          : typeof value;

/** `a.b[2]`: where a value sits in its file, as an error names it. */
const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Checks one language's file against the reference language's, value by value. `file` names the
 * file in errors. Lists must be as long as the reference's: a translated list says the same things.
 */
function compare(file: string, path: string, value: unknown, reference: unknown): void {
  const where = `${file}: "${path}"`;
  const kind = kindOf(value);
  const expected = kindOf(reference);
  if (value === undefined) throw new CatalogueError(`${where} is missing`);
  if (kind !== expected) throw new CatalogueError(`${where} must be a ${expected}, not a ${kind}`);
  if (kind === 'text') {
    if ((value as string).trim() === '') throw new CatalogueError(`${where} is empty`);
    const have = placeholdersOf(value as string).sort();
    const want = placeholdersOf(reference as string).sort();
    for (const name of want) {
      if (!have.includes(name)) throw new CatalogueError(`${where} lacks {${name}}`);
    }
    for (const name of have) {
      if (!want.includes(name))
        throw new CatalogueError(`${where} has {${name}}, which the reference text lacks`);
    }
  } else if (kind === 'list') {
    const list = value as unknown[];
    const ref = reference as unknown[];
    if (list.length !== ref.length)
      throw new CatalogueError(`${where} must hold ${ref.length} entries, not ${list.length}`);
    for (const [i, item] of list.entries()) compare(file, pathOf(path, i), item, ref[i]);
  } else if (kind === 'group') {
    const group = value as Record<string, unknown>;
    const ref = reference as Record<string, unknown>;
    for (const key of Object.keys(ref)) compare(file, pathOf(path, key), group[key], ref[key]);
    for (const key of Object.keys(group)) {
      if (!(key in ref))
        throw new CatalogueError(`${file}: "${pathOf(path, key)}" is not a key of the reference language`);
    }
  } else {
    throw new CatalogueError(`${where} must be a text, a list or a group, not a ${kind}`);
  }
}

/**
 * Checks a catalogue already read: every language against the first one in `languages` (the
 * reference), which must itself hold only texts, lists and groups with no empty text. `name` is how
 * errors name the catalogue's folder (`src/http/public/texts`, say).
 */
export function checkCatalogue<L extends string, T extends CatalogueFile>(
  name: string,
  languages: readonly L[],
  files: Readonly<Record<L, unknown>>,
): Record<L, T> {
  const [reference] = languages;
  if (reference === undefined) throw new CatalogueError(`${name}: no languages`);
  const referenceFile = files[reference];
  if (kindOf(referenceFile) !== 'group')
    throw new CatalogueError(`${name}/${reference}.json must hold a JSON object`);
  for (const lang of languages) compare(`${name}/${lang}.json`, '', files[lang], referenceFile);
  return files as Record<L, T>;
}

/**
 * Reads and checks the catalogue in `dir` (a folder URL ending in "/"): `<lang>.json` for each of
 * `languages`, the first being the reference. Throws CatalogueError naming the file and the key.
 */
export function loadCatalogue<L extends string, T extends CatalogueFile = CatalogueFile>(
  dir: URL,
  languages: readonly L[],
): Record<L, T> {
  const name = catalogueName(dir);
  const files = {} as Record<L, unknown>;
  for (const lang of languages) {
    const file = new URL(`${lang}.json`, dir);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CatalogueError(`${name}/${lang}.json cannot be read`);
    }
    try {
      files[lang] = JSON.parse(text);
    } catch (error) {
      throw new CatalogueError(`${name}/${lang}.json is not valid JSON: ${(error as Error).message}`);
    }
  }
  return checkCatalogue<L, T>(name, languages, files);
}

/** The folder as errors name it: from `src/` on where it lies under one, else the whole path. */
function catalogueName(dir: URL): string {
  const path = decodeURIComponent(dir.pathname).replace(/\/$/, '');
  const at = path.lastIndexOf('/src/');
  return at >= 0 ? path.slice(at + 1) : path;
}
