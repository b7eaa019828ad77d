// C4 through real HTTP: the lookup page in eight languages, so the holder can read the answer
// too. Each page says its language (lang, and dir="rtl" for Arabic and Persian), gives the answer in
// that language, offers every other language one tap away (plain links, no script), and Accept-Language
// still chooses when no ?lang is given. The texts are data a translator edits; a broken file is refused.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { CatalogueError } from '../../src/catalogue.ts';
import { PAGE_LANGUAGES, type PageLanguage, parseTexts } from '../../src/http/public/texts.ts';
import { backends } from '../support/backends.ts';
import { appOn } from '../support/http.ts';
import { VALID_IN } from '../support/lookup-words.ts';
import { anApplicantWithActiveCard, anApplicantWithChangedGrounds } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

/** What each page's "not valid" headline says — written out here, not read from the files under test. */
const NOT_VALID: Record<PageLanguage, string> = {
  sv: 'LMA-kort EJ\u00a0giltigt',
  en: 'LMA card NOT\u00a0valid',
  ar: 'بطاقة LMA غير\u00a0سارية',
  fa: 'کارت LMA معتبر\u00a0نیست',
  ti: 'ካርድ LMA ብቑዕ\u00a0ኣይኮነን',
  so: 'Kaarka LMA MA\u00a0ahan sax',
  uk: 'Картка LMA НЕ\u00a0дійсна',
  ru: 'Карта LMA НЕ\u00a0действительна',
};
const NAMES: Record<PageLanguage, string> = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  ti: 'ትግርኛ',
  so: 'Soomaali',
  uk: 'Українська',
  ru: 'Русский',
};
/** The AT-UND label in each language, the Swedish term kept beside it. */
const AT_UND: Record<PageLanguage, string> = {
  sv: 'AT-UND finns',
  en: 'Exempt from work permit — AT-UND finns',
  ar: 'معفى من تصريح العمل — AT-UND finns',
  fa: 'معاف از اجازه‌ی کار — AT-UND finns',
  ti: 'ካብ ፍቓድ ስራሕ ነጻ — AT-UND finns',
  so: 'Ka dhaafan ogolaanshaha shaqada — AT-UND finns',
  uk: 'Звільнений від дозволу на роботу — AT-UND finns',
  ru: 'Освобождён от разрешения на работу — AT-UND finns',
};
const RTL = new Set<PageLanguage>(['ar', 'fa']);

describe('the lookup page in eight languages', () => {
  const f = appOn(backend);
  let valid: string;
  let notValidAtUnd: string;

  before(async () => {
    valid = (await anApplicantWithActiveCard(f.s.service)).code;
    const other = await anApplicantWithChangedGrounds(f.s.service);
    notValidAtUnd = other.code;
  });

  const page = async (path: string, headers: Record<string, string> = {}) =>
    (await fetch(f.web.url + path, { headers })).text();

  for (const lang of PAGE_LANGUAGES) {
    it(`${lang}: lang="${lang}"${RTL.has(lang) ? ' dir="rtl"' : ''}, the answer in ${NAMES[lang]}, AT-UND where due`, async () => {
      const html = await page(`/k/${valid}?lang=${lang}`);
      assert.ok(
        html.startsWith(`<!doctype html><html lang="${lang}"${RTL.has(lang) ? ' dir="rtl"' : ''}><head>`),
      );
      assert.ok(html.includes(`<h1>${VALID_IN[lang]}</h1>`), `${lang}: valid headline`);
      assert.ok(html.includes('<p class="n">'), `${lang}: no AT-UND, said in words`);
      const nv = await page(`/k/${notValidAtUnd}?lang=${lang}`);
      assert.ok(nv.includes(`<h1>${NOT_VALID[lang]}</h1>`), `${lang}: not-valid headline`);
      assert.ok(
        nv.includes(`<strong>${AT_UND[lang]}</strong>`),
        `${lang}: AT-UND in ${NAMES[lang]}, with its Swedish name beside it`,
      );
      // The code and the time stay left-to-right islands in a right-to-left page.
      if (RTL.has(lang)) assert.match(html, /<span class="c" dir="ltr">/);
      assert.match(html, /2026-06-02/);
      assert.doesNotMatch(html, /<script/i);
    });
  }

  it('one-tap switch: every other language is a plain link to the same answer with ?lang=, named in itself', async () => {
    const html = await page(`/k/${valid}?lang=ti`);
    for (const lang of PAGE_LANGUAGES) {
      if (lang === 'ti') {
        assert.ok(
          html.includes(`<b lang="ti" aria-current="true">${NAMES.ti}</b>`),
          'the current one is not a link',
        );
        continue;
      }
      const dir = RTL.has(lang) ? ' dir="rtl"' : '';
      assert.ok(
        html.includes(`<a href="/k/${valid}?lang=${lang}" lang="${lang}"${dir}>${NAMES[lang]}</a>`),
        `link to ${lang}`,
      );
    }
    const form = await page('/k/?lang=fa');
    assert.ok(form.includes('<html lang="fa" dir="rtl">'));
    assert.ok(
      form.includes('<input type="hidden" name="lang" value="fa">'),
      'typing a code keeps the language',
    );
    assert.ok(form.includes('href="/k/?lang=sv"'));
  });

  it('Accept-Language chooses when there is no ?lang; ?lang wins; unknown languages fall back to Swedish', async () => {
    const cases: [string, PageLanguage][] = [
      ['fa-IR,fa;q=0.9,en;q=0.5', 'fa'],
      ['ti-ER', 'ti'],
      ['de-DE,so;q=0.2,uk;q=0.8', 'uk'],
      ['ar-SY', 'ar'],
      ['ru', 'ru'],
      ['de-DE,fr;q=0.9', 'sv'],
    ];
    for (const [header, lang] of cases) {
      const html = await page(`/k/${valid}`, { 'accept-language': header });
      assert.ok(html.includes(`<h1>${VALID_IN[lang]}</h1>`), `${header} → ${lang}`);
    }
    const forced = await page(`/k/${valid}?lang=so`, { 'accept-language': 'ar' });
    assert.ok(forced.includes(`<h1>${VALID_IN.so}</h1>`));
  });

  it('the fast path and the routed path answer every language byte for byte alike', async () => {
    for (const lang of PAGE_LANGUAGES) {
      const path = `/k/${notValidAtUnd}?lang=${lang}`;
      const socket = await fetch(f.web.url + path);
      const routed = await f.web.app.inject({ method: 'GET', url: path });
      assert.equal(await socket.text(), routed.body, path);
    }
  });

  it('texts are data: each file names its review state, and a file missing a key or placeholder is refused', () => {
    for (const lang of PAGE_LANGUAGES) {
      const raw = JSON.parse(
        readFileSync(new URL(`../../src/http/public/texts/${lang}.json`, import.meta.url), 'utf8'),
      );
      assert.equal(
        raw.review,
        lang === 'sv' || lang === 'en' ? 'original' : 'draft — awaiting professional review',
        lang,
      );
    }
    const sv = JSON.parse(
      readFileSync(new URL('../../src/http/public/texts/sv.json', import.meta.url), 'utf8'),
    );
    assert.throws(() => parseTexts('xx', { ...sv, checkedAt: 'Kontrollerat {date}' }), CatalogueError);
    assert.throws(
      () => parseTexts('xx', { ...sv, checkedAt: undefined }),
      /xx\.json: "checkedAt" is missing/,
    );
    assert.throws(
      () => parseTexts('xx', { ...sv, headline: { ...sv.headline, valid: '' } }),
      /headline\.valid/,
    );
    assert.throws(() => parseTexts('xx', { ...sv, dir: 'up' }), /dir/);
    assert.throws(() => parseTexts('xx', { ...sv, atUnd: 'Exempt' }), /AT-UND finns/);
    assert.throws(() => parseTexts('xx', { ...sv, notValidReasons: [] }), /notValidReasons/);
    assert.throws(() => parseTexts('xx', { ...sv, roles: { ...sv.roles, employer: '' } }), /roles\.employer/);
    // A translation cannot inject markup: it is escaped.
    const t = parseTexts('xx', { ...sv, service: '<b>LMA</b>' });
    assert.equal(t.service, '&lt;b&gt;LMA&lt;/b&gt;');
  });
});
