// C9 with the real executable: `lmakort receipt verify FILE [--jwks FILE]` checks a saved receipt
// offline — against this installation's own keys (no --jwks) or a JWK Set file — prints what it says
// in plain words and exits 0; a changed receipt, a stranger's key, a revoked key or something that is
// not a receipt exits 1 with the reason.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { pinnedClock } from '../../src/clock.ts';
import { newSigningKey } from '../../src/services/key-ring.ts';
import { RECEIPT_TYP } from '../../src/services/receipt.ts';
import { openEmbedded } from '../../src/store/db.ts';
import { assembleSystem } from '../../src/system.ts';
import { runCli, tempDataDir } from '../support/cli.ts';
import { tamper } from '../support/receipts.ts';

const CODE = 'T4WW3J4Y7QRKB';
const dir = mkdtempSync(join(tmpdir(), 'lmakort-receipt-cli-'));
let n = 0;
const file = (text: string) => {
  const path = join(dir, `f${++n}.txt`);
  writeFileSync(path, text);
  return path;
};

describe('lmakort receipt verify', () => {
  const dataDir = tempDataDir();
  const env = { LMA_DATA_DIR: dataDir };
  let jws: string;
  let kid: string;
  let jwks: string;

  before(async () => {
    // The installation's key signs a receipt exactly as the status API does.
    const db = await openEmbedded(dataDir, 'test');
    try {
      const s = await assembleSystem(db, {
        clock: pinnedClock(new Date('2026-06-02T08:15:00Z')),
        publicBaseUrl: 'https://lma.example.se',
      });
      kid = s.keys.currentKid;
      jws = await s.keys.sign(
        { code: CODE, result: 'not_valid', atUnd: true, checkedAt: '2026-06-02T08:15:00.000Z' },
        RECEIPT_TYP,
      );
      jwks = file(s.keys.jwksJson);
    } finally {
      await db.close();
    }
  });

  it('a good receipt, checked against this installation’s keys: exit 0 and the statement in words', async () => {
    const r = await runCli(['receipt', 'verify', file(`\n  ${jws}\n\n`)], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`receipt valid: signed by key ${kid}`));
    assert.match(r.stdout, /answer: +LMA card NOT valid \(LMA-kort EJ giltigt\)/);
    assert.match(r.stdout, /AT-UND: +yes/);
    assert.match(r.stdout, /checked: +2026-06-02 10:15:00 Swedish time \(2026-06-02T08:15:00\.000Z\)/);
    assert.match(r.stdout, /code: +T4WW-3J4Y-7QRK-B/);
  });

  it('offline against a JWK Set file (--jwks): exit 0', async () => {
    const r = await runCli(['receipt', 'verify', file(jws), '--jwks', jwks], { LMA_DATA_DIR: tempDataDir() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`keys from ${jwks}`));
  });

  it('against a JWK Set at an address (--jwks URL), as published at /.well-known/jwks.json: exit 0', async () => {
    const body = readFileSync(jwks, 'utf8');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
      const r = await runCli(['receipt', 'verify', file(jws), '--jwks', url], {
        LMA_DATA_DIR: tempDataDir(),
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /answer: +LMA card NOT valid/);
    } finally {
      server.close();
    }
  });

  it('a receipt changed by one character: exit 1, "signature does not match"', async () => {
    const r = await runCli(['receipt', 'verify', file(tamper(jws)), '--jwks', jwks]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /receipt NOT valid — the signature does not match/);
    assert.equal(r.stdout, '');
  });

  it('checked against someone else’s keys: exit 1, the key is not among them', async () => {
    const stranger = await newSigningKey();
    const other = file(
      JSON.stringify({ keys: [{ ...stranger.publicJwk, kid: stranger.kid, alg: 'EdDSA' }] }),
    );
    const r = await runCli(['receipt', 'verify', file(jws), '--jwks', other]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`key ${kid} is not among the published keys`));
  });

  it('not a receipt (text, a PDF, a missing file, not a JWK Set): exit 1 naming the problem', async () => {
    const text = await runCli(['receipt', 'verify', file('hello there'), '--jwks', jwks]);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /not a compact JWS/);
    const pdf = await runCli(['receipt', 'verify', file('%PDF-1.3 …'), '--jwks', jwks]);
    assert.equal(pdf.code, 1);
    assert.match(pdf.stderr, /is a PDF; give a file with the receipt's text/);
    const missing = await runCli(['receipt', 'verify', join(dir, 'nope.txt'), '--jwks', jwks]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
    const notJwks = await runCli(['receipt', 'verify', file(jws), '--jwks', file('{"a":1}')]);
    assert.equal(notJwks.code, 1);
    assert.match(notJwks.stderr, /not a JWK Set/);
  });

  it('usage: no file is a usage error (exit 2)', async () => {
    const r = await runCli(['receipt', 'verify']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: lmakort receipt verify FILE/);
  });

  it('after `lmakort keys revoke`, the receipt is refused as revoked (exit 1)', async () => {
    const revoke = await runCli(['keys', 'revoke', kid], env);
    assert.equal(revoke.code, 0, revoke.stderr);
    const r = await runCli(['receipt', 'verify', file(jws)], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`key ${kid} has been revoked`));
  });
});
