import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOLDER_TEXTS } from '../../src/http/public/holder-texts.ts';
import { PAGE_LANGUAGES } from '../../src/http/public/texts.ts';

const PLACEHOLDERS: Record<string, string[]> = {
  validUntil: ['{date}'],
  visitBy: ['{date}'],
  icsSummary: ['{date}'],
  reported: ['{reason}'],
};

describe('R16: the holder page speaks every lookup language', () => {
  const keys = Object.keys(HOLDER_TEXTS.sv).sort();
  for (const lang of PAGE_LANGUAGES) {
    it(`${lang}: every text there, non-empty, with its placeholders, no markup`, () => {
      const t = HOLDER_TEXTS[lang] as Record<string, string>;
      assert.deepEqual(Object.keys(t).sort(), keys);
      for (const [key, value] of Object.entries(t)) {
        assert.ok(typeof value === 'string' && value.trim().length > 0, `${lang}.${key}`);
        assert.ok(!/[<>]/.test(value), `${lang}.${key} has no markup`);
        for (const p of PLACEHOLDERS[key] ?? []) assert.ok(value.includes(p), `${lang}.${key} keeps ${p}`);
      }
    });
  }
});
