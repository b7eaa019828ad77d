// `npm run samples`: renders one of each document through the real system (in-memory database, a
// fixed clock) into docs/samples/ as PNG, at 150 dpi as the review asks: card front and back, the PNG
// preview, a print-batch page, card-ready letters and reminders in several languages (right-to-left
// and Ge'ez included) and a forwarding-queue letter (R13). Needs pdftoppm (poppler-utils).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silhouettePng } from '../src/cli/demo-photo.ts';
import { manualClock, pinnedClock } from '../src/clock.ts';
import { renderCardsPdf, renderPreviewPdf } from '../src/documents/card-artwork.ts';
import { renderLetterPdf } from '../src/documents/letter.ts';
import { normalisePhoto } from '../src/documents/photo.ts';
import { pdfToPng } from '../src/documents/png.ts';
import type { Language } from '../src/domain/applicant.ts';
import { stockholmDayStart } from '../src/domain/calendar.ts';
import { runReminderSweep } from '../src/jobs/reminder-sweep.ts';
import type { Actor } from '../src/services/lma-service.ts';
import { openMemory } from '../src/store/db.ts';
import { assembleSystem } from '../src/system.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'samples');
const ACTOR: Actor = { name: 'samples', correlationId: null };
const people: {
  given: string;
  family: string;
  language: Language;
  nationality: string;
  protectedAddress?: boolean;
}[] = [
  { given: 'Amina', family: 'Al-Hassan', language: 'ar', nationality: 'SYR' },
  { given: 'Reza', family: 'Mohammadi', language: 'fa', nationality: 'IRN' },
  { given: 'Meron', family: 'Tesfay', language: 'ti', nationality: 'ERI' },
  { given: 'Hodan', family: 'Warsame', language: 'so', nationality: 'SOM' },
  { given: 'Olena', family: 'Kovalenko', language: 'uk', nationality: 'UKR' },
  { given: 'Dmitrij', family: 'Smirnov', language: 'ru', nationality: 'XXA' },
  { given: 'Farida', family: 'Ahmadzai', language: 'prs', nationality: 'AFG' },
  { given: 'Sara', family: 'Haile', language: 'en', nationality: 'ERI' },
  { given: 'Leyla', family: 'Karimi', language: 'fa', nationality: 'IRN', protectedAddress: true },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const db = await openMemory();
  const clock = manualClock('2026-06-02T10:00:00+02:00');
  const { service } = await assembleSystem(db, { clock, publicBaseUrl: 'https://lma.migrationsverket.se' });
  // The story happened on 20 March: registered, printed, handed over (valid to 20 June).
  const march = service.at(pinnedClock(new Date(stockholmDayStart('2026-03-20') + 10 * 3_600_000)));
  const ids: Record<string, string> = {};
  for (const p of people) {
    const reg = await march.registerApplicant(ACTOR, {
      givenName: p.given,
      familyName: p.family,
      birthDate: '1991-04-12',
      nationality: p.nationality,
      language: p.language,
      address: {
        careOf: 'Boende Fyrväpplingen',
        street: 'Storgatan 12',
        postalCode: '602 22',
        city: 'Norrköping',
      },
      protectedAddress: p.protectedAddress ?? false,
    });
    const id = reg.id;
    ids[`${p.language}${p.protectedAddress ? '-protected' : ''}`] = id;
    await march.recordPhoto(ACTOR, id, { contentType: 'image/jpeg', bytes: normalisePhoto(silhouettePng()) });
    await march.recordFingerprints(ACTOR, id);
  }
  const batch = await march.createPrintBatch(ACTOR);
  const artworks = [];
  for (const c of batch.cards) artworks.push(await service.cardArtwork(c.id));
  const cards = artworks.filter((a) => a !== null);
  const batchPdf = await renderCardsPdf(cards, 'sample batch');
  await march.markBatchPrinted(ACTOR, batch.id);
  for (const c of batch.cards) await march.handOverCard(ACTOR, c.id, {});
  clock.set('2026-06-08T04:00:00+02:00');
  await runReminderSweep(db, clock); // 8 June: the cards ending 20 June get their reminder (R7)

  const write = (name: string, png: Buffer) => {
    writeFileSync(join(OUT, name), png);
    console.log(`docs/samples/${name}`);
  };
  const first = cards[0];
  if (!first) throw new Error('no card');
  const single = await renderCardsPdf([first], 'sample card');
  write('card-front.png', await pdfToPng(single, 300));
  write('card-back.png', await pdfToPng(single, 300, 2));
  write('card-preview.png', await pdfToPng(await renderPreviewPdf(first), 200));
  write('batch-page-1.png', await pdfToPng(batchPdf, 150));

  const letters = await service.letterQueue({ limit: 1000 });
  const pick = async (key: string, kind: string, name: string) => {
    const l = letters.find((x) => x.applicantId === ids[key] && x.kind === kind);
    const doc = l ? await service.letterDocument(l.id) : null;
    if (!doc) throw new Error(`no ${kind} letter for ${key}`);
    write(name, await pdfToPng(await renderLetterPdf(doc), 150));
  };
  for (const lang of ['ar', 'fa', 'ti', 'so', 'uk'])
    await pick(lang, 'card_ready', `letter-card-ready-${lang}.png`);
  for (const lang of ['ar', 'ru', 'prs', 'ti', 'en']) await pick(lang, 'reminder', `reminder-${lang}.png`);
  await pick('fa-protected', 'card_ready', 'letter-forwarding-queue.png');
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
