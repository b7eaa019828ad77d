// P3: /metrics reads the lookups' counts and timings from LookupMeter's arrays; the exposition is the
// one prom-client writes for its own counter and histogram (le buckets cumulative, +Inf = count).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { LookupMeter } from '../../src/http/plugins/metrics.ts';
import { LOOKUP_RESULTS } from '../../src/services/lookup-tally.ts';

describe('LookupMeter (P3)', () => {
  it('a histogram per surface: cumulative buckets, a bound counts as inside, sum and count', async () => {
    const meter = new LookupMeter();
    const registry = new Registry();
    registry.registerMetric(meter.histogram());
    meter.record('valid', 'api', 0.00005);
    meter.record('valid', 'api', 0.0005); // exactly on a bound: in that bucket (le)
    meter.record('unknown', 'page', 0.2); // beyond the last bound: only in +Inf
    const text = await registry.metrics();
    const line = (name: string) => text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1];
    const bucket = (le: string, surface: string) =>
      line(`lmakort_lookup_duration_seconds_bucket\\{le="${le.replace('+', '\\+')}",surface="${surface}"\\}`);
    assert.equal(bucket('0.0001', 'api'), '1');
    assert.equal(bucket('0.00025', 'api'), '1');
    assert.equal(bucket('0.0005', 'api'), '2');
    assert.equal(bucket('+Inf', 'api'), '2');
    assert.equal(line('lmakort_lookup_duration_seconds_count\\{surface="api"\\}'), '2');
    assert.equal(Number(line('lmakort_lookup_duration_seconds_sum\\{surface="api"\\}')), 0.00055);
    assert.equal(bucket('0.1', 'page'), '0');
    assert.equal(bucket('+Inf', 'page'), '1');
    assert.equal(line('lmakort_lookup_duration_seconds_count\\{surface="page"\\}'), '1');
    assert.match(text, /^# TYPE lmakort_lookup_duration_seconds histogram$/m);
  });

  it('totals by result, for the lmakort_lookups_total counter', () => {
    const meter = new LookupMeter();
    meter.record('specimen', 'page', 0.001);
    meter.record('specimen', 'api', 0.001);
    meter.record('rate_limited', 'api', 0.001);
    const total = (result: (typeof LOOKUP_RESULTS)[number]) => meter.total(LOOKUP_RESULTS.indexOf(result));
    assert.deepEqual([total('valid'), total('rate_limited'), total('specimen')], [0, 1, 2]);
  });
});
