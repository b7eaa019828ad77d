// `lmakort receipt verify FILE [--jwks FILE|URL]` (C9): checks a receipt offline — the compact JWS a
// verifier saved — against a JWK Set from a file or an address, or, without --jwks, against this
// installation's own keys in the database (where a revoked key is known as such). Prints the signed
// statement in plain words; a receipt that does not verify is a CliRefusal (exit 1) with the reason.

import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { RECEIPT_TEXTS } from '../documents/receipt-texts.ts';
import { stockholmDate, stockholmTime } from '../domain/calendar.ts';
import { formatCardCode } from '../domain/card-code.ts';
import { type ReceiptCheck, type ReceiptPayload, verifyReceipt } from '../services/receipt.ts';
import { CliRefusal } from './backup.ts';

/** The answer in the receipt's own words (its catalogue), English with the Swedish beside it. */
const answer = (result: ReceiptPayload['result']) =>
  `${RECEIPT_TEXTS.en.headline[result]} (${RECEIPT_TEXTS.sv.headline[result]})`;

/** The receipt's text: a compact JWS, whitespace around it ignored. */
export function readReceiptFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliRefusal(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (bytes.subarray(0, 5).toString() === '%PDF-') {
    throw new CliRefusal(
      `${file} is a PDF; give a file with the receipt's text (the JWS printed on it and held in its QR code)`,
    );
  }
  return bytes.toString('utf8').trim();
}

/** A JWK Set from a file or an http(s) address. */
export async function readJwks(source: string): Promise<JSONWebKeySet> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source).catch((error: Error) => {
      throw new CliRefusal(`cannot fetch ${source}: ${error.message}`);
    });
    if (!res.ok) throw new CliRefusal(`cannot fetch ${source}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new CliRefusal(`cannot read ${source}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliRefusal(`${source} is not JSON (a JWK Set is {"keys": [...]})`);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { keys?: unknown }).keys))
    throw new CliRefusal(`${source} is not a JWK Set ({"keys": [...]})`);
  return parsed as JSONWebKeySet;
}

/** Checks the receipt and returns the lines to print; refuses (exit 1) when it does not verify. */
export async function verifyReceiptText(
  jws: string,
  jwks: JSONWebKeySet,
  revoked: ReadonlySet<string>,
  keysFrom: string,
): Promise<string[]> {
  const check: ReceiptCheck = await verifyReceipt(jws, jwks, revoked);
  if (!check.ok) throw new CliRefusal(`receipt NOT valid — ${check.message}`);
  const p = check.payload;
  const at = new Date(p.checkedAt);
  return [
    `receipt valid: signed by key ${check.kid} (${keysFrom})`,
    ...(p.specimen ? ['  SPECIMEN: a training card, not a real card (EXEMPEL — inte ett riktigt kort)'] : []),
    `  answer:   ${answer(p.result)}`,
    ...(p.result === 'unknown' ? [] : [`  AT-UND:   ${p.atUnd ? 'yes (AT-UND finns)' : 'no'}`]),
    `  checked:  ${stockholmDate(at)} ${stockholmTime(at)} Swedish time (${p.checkedAt})`,
    `  code:     ${formatCardCode(p.code)}`,
    '  (the answer at that moment; a lookup now may answer differently)',
  ];
}
