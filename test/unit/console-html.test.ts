// The console's HTML helper: every interpolation is escaped unless it is Html we made.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html, trustedHtml } from '../../src/http/officer/console/html.ts';

describe('the console html`` template', () => {
  it('shows <script> in a name as text, and escapes quotes inside attributes', () => {
    const name = '<script>alert("x")</script>';
    assert.equal(
      String(html`<h1 title="${name}">${name}</h1>`),
      '<h1 title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>',
    );
    assert.equal(String(html`<p>${"O'Brien & Söner"}</p>`), '<p>O&#39;Brien &amp; Söner</p>');
  });

  it('keeps nested html`` and trusted markup as they are; joins arrays; drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    assert.equal(String(html`<ul>${items}</ul>`), '<ul><li>a&lt;b</li><li>c</li></ul>');
    assert.equal(String(html`${trustedHtml('<br>')}${null}${undefined}${false}${0}`), '<br>0');
  });

  it('does not treat a string that looks like markup as trusted', () => {
    const sneaky = { toString: () => '<b>bold</b>' } as unknown as string;
    assert.equal(String(html`${sneaky}`), '&lt;b&gt;bold&lt;/b&gt;');
  });
});
