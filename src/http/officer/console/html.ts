// The console's one way to write HTML: a tagged template that escapes every interpolation unless it
// is already Html (made by this tag, or marked with trustedHtml for text we wrote ourselves). A name
// like `<script>` is therefore always shown as text.

import { escapeHtml } from '../../public/lookup-page.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<p>${name}</p>`: every ${…} is escaped unless it is Html; arrays are joined; null/false vanish. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks markup we wrote ourselves (never user input) as safe to insert as it is. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}
