// C2: the QR code carries the lookup URL in upper case (QR alphanumeric mode); one function says so.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { qrMatrix } from '../../src/documents/qr.ts';
import { qrPayload } from '../../src/domain/qr-payload.ts';

describe('qrPayload (C2)', () => {
  it('is {PUBLIC_BASE_URL}/k/{code} in upper case', () => {
    assert.equal(
      qrPayload('https://lma.example.se', '7k3mxq2v9hd4c'),
      'HTTPS://LMA.EXAMPLE.SE/K/7K3MXQ2V9HD4C',
    );
  });

  it('fits QR alphanumeric mode, error correction Q, in a version-3 symbol (29 modules)', () => {
    const payload = qrPayload('https://lma.migrationsverket.se', 'ZZZZZZZZZZZZZ');
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'Q' });
    assert.deepEqual(
      qr.segments.map((s) => s.mode.id),
      ['Alphanumeric'],
    );
    assert.equal(qrMatrix(payload).size, 29);
  });

  it('keeps a path under the base URL as given (a path is case-sensitive), and keeps a port', () => {
    assert.equal(qrPayload('http://localhost:3000/lma/', 'ABC'), 'HTTP://LOCALHOST:3000/lma/K/ABC');
  });
});
