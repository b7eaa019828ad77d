// C8, R15: settings are read once; a wrong value stops start-up naming it; production refuses to start
// without the retention setting.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_RETENTION_MONTHS, parseConfig } from '../../src/config.ts';

const PRODUCTION = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://lma.example.se' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('LMA_RETENTION_MONTHS', () => {
  it('R15: development keeps personal data 24 months after coverage ended unless told otherwise', () => {
    assert.equal(DEFAULT_RETENTION_MONTHS, 24);
    assert.equal(parseConfig({}).retentionMonths, 24);
    assert.equal(parseConfig({ LMA_RETENTION_MONTHS: '36' }).retentionMonths, 36);
  });

  it('R15: production refuses to start without it, naming the setting', () => {
    const problems = problemsOf(PRODUCTION);
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /^LMA_RETENTION_MONTHS is required in production/);
    assert.equal(parseConfig({ ...PRODUCTION, LMA_RETENTION_MONTHS: '18' }).retentionMonths, 18);
  });

  it('refuses a value that is not a whole number of months from 1 to 240', () => {
    for (const bad of ['0', '-3', '1.5', 'two', '241']) {
      const problems = problemsOf({ LMA_RETENTION_MONTHS: bad });
      assert.deepEqual(problems, [
        `LMA_RETENTION_MONTHS must be a whole number from 1 to 240 (got "${bad}")`,
      ]);
    }
  });
});

describe('LMA_BACKGROUND_PRIORITY', () => {
  it('background threads take the idle policy unless told to be only niced', () => {
    assert.equal(parseConfig({}).backgroundPriority, 'idle');
    assert.equal(parseConfig({ LMA_BACKGROUND_PRIORITY: '' }).backgroundPriority, 'idle');
    assert.equal(parseConfig({ LMA_BACKGROUND_PRIORITY: 'nice' }).backgroundPriority, 'nice');
  });

  it('refuses anything else, naming the setting and the choices', () => {
    for (const bad of ['IDLE', 'low', 'idle ']) {
      assert.deepEqual(problemsOf({ LMA_BACKGROUND_PRIORITY: bad }), [
        `LMA_BACKGROUND_PRIORITY must be one of idle, nice (got "${bad}")`,
      ]);
    }
  });
});
