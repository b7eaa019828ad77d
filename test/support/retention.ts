// R15 test helpers: a person with a whole story (photo, letters, visits, AT-UND, a replaced card, a
// decision, a stored idempotent reply), the values that must not survive their purge, and a grep
// over every table of the database.

import { silhouettePng } from '../../src/cli/demo-photo.ts';
import type { DecisionType } from '../../src/domain/coverage.ts';
import type { CardView, LmaService, NewApplicantInput } from '../../src/services/lma-service.ts';
import type { Queryable } from '../../src/store/db.ts';
import { OFFICER } from './system.ts';

let people = 0;

/** A Swedish personal identity number of 27 Nov 1983 with serial `n` and a correct check digit. */
function identityNumber(n: number): string {
  const digits = `831127${String(100 + n).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const v = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(v / 10) + (v % 10);
  }
  return `19${digits}${(10 - (sum % 10)) % 10}`;
}

/** Someone whose every personal value is distinctive enough to grep for. */
export function aPerson(overrides: Partial<NewApplicantInput> = {}): NewApplicantInput {
  people += 1;
  const tag = `${people}${'qxz'.charAt(people % 3)}`;
  return {
    givenName: `Zyxwanda${tag}`,
    familyName: `Qoratubbe${tag}`,
    birthDate: '1983-11-27',
    nationality: 'ERI',
    language: 'ti',
    address: {
      careOf: `Qwillem Brask${tag}`,
      street: `Vråkvägen ${70 + people}`,
      postalCode: '91234',
      city: `Xylöping${tag}`,
    },
    personalIdentityNumber: identityNumber(people),
    ...overrides,
  };
}

export interface Story {
  applicantId: string;
  dossierNumber: string;
  codes: string[];
  person: NewApplicantInput;
  photo: Buffer;
}

/**
 * Registered, photographed, fingerprinted, card made and handed over, visited, AT-UND granted,
 * the card reported damaged and the new one handed over, then a decision from `endsOn` (registered
 * with an Idempotency-Key, so its reply is stored). Everything at the service's clock.
 */
export async function aWholeStory(
  service: LmaService,
  endsOn: string,
  overrides: Partial<NewApplicantInput> = {},
  decision: DecisionType = 'rejected',
  /** Run after each card is produced, before it is handed over (the letter job, which sends the card-ready letter). */
  afterProduced: () => Promise<unknown> = async () => {},
): Promise<Story> {
  const person = aPerson(overrides);
  const reg = await service.registerApplicant(OFFICER, person, {
    principal: 'test-officer',
    key: `register-${people}-${Date.now()}`,
    requestHash: 'h',
  });
  const applicantId = reg.id;
  const dossierNumber = reg.dossierNumber;
  // A photo of its own: its bytes are looked for after the purge.
  const photo = silhouettePng(300 + (people % 50), 375 + (people % 40));
  await service.recordPhoto(OFFICER, applicantId, { contentType: 'image/png', bytes: photo });
  const first = (await service.recordFingerprints(OFFICER, applicantId)).cardOrdered as CardView;
  await service.markCardProduced(OFFICER, first.id);
  await afterProduced();
  await service.handOverCard(OFFICER, first.id, {});
  await service.registerVisit(OFFICER, applicantId, { office: 'Boden' });
  await service.setAtUnd(OFFICER, applicantId, { granted: true });
  const cancelled = await service.cancelCard(OFFICER, first.id, { reason: 'damaged' });
  const second = cancelled.reordered;
  await service.markCardProduced(OFFICER, second.id);
  await afterProduced();
  await service.handOverCard(OFFICER, second.id, {});
  await service.registerDecision(
    OFFICER,
    applicantId,
    { type: decision, effectiveDate: endsOn },
    // A client may well name the dossier in its key: the purge finds it there too.
    { principal: 'test-officer', key: `decision-${dossierNumber}`, requestHash: 'h' },
  );
  return {
    applicantId,
    dossierNumber,
    codes: [first.code, second.code],
    person,
    photo,
  };
}

/** The values of a story that no table may hold after its purge. */
export function personalValues(story: Story): string[] {
  const p = story.person;
  const a = p.address;
  const pin = p.personalIdentityNumber as string;
  return [
    p.givenName,
    p.familyName,
    a?.street as string,
    a?.city as string,
    a?.careOf as string,
    pin,
    pin.slice(2),
    story.dossierNumber,
    // The photo as PostgreSQL prints a bytea: \x and lower-case hex; a slice from its middle.
    story.photo.subarray(40, 72).toString('hex'),
  ];
}

/** Every row of every table in the public schema, as PostgreSQL prints it. */
export async function everyRow(db: Queryable): Promise<{ table: string; row: string }[]> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: { table: string; row: string }[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t`);
    for (const r of rows) out.push({ table, row: r.row });
  }
  return out;
}

/** Where each value still is: `table: value`, empty when nowhere. */
export async function whereFound(db: Queryable, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table, row } of await everyRow(db))
    for (const v of values) if (row.includes(v)) found.push(`${table}: ${v}`);
  return found;
}
