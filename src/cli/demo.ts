// The demo applicants `npm start` prints: one per row of the public answer's table (R11), each with
// what it shows. Loaded through the same service as the officer API, so they carry real history;
// loaded once, printed every time.

import { pinnedClock } from '../clock.ts';
import { normalisePhoto } from '../documents/photo.ts';
import { addMonths, type CalendarDate, stockholmDayStart } from '../domain/calendar.ts';
import type { Actor, CardView, LmaService } from '../services/lma-service.ts';
import { silhouettePng } from './demo-photo.ts';

export interface DemoCard {
  label: string;
  expect: string;
  /** The row of R11's table it demonstrates, in a verifier's terms. */
  shows: string;
  code: string;
  url: string;
}

const DEMO_ACTOR: Actor = { name: 'demo-loader', correlationId: null };
/** A placeholder portrait, stored as an uploaded photo is (S3: normalised JPEG). */
const DEMO_PHOTO = normalisePhoto(silhouettePng());

interface Scenario {
  /** Real demo applicants have a fixed dossier number; specimens get one from the system. */
  dossier?: string;
  /** A specimen (training) card: found again by its made-up name, answers marked "specimen". */
  specimen?: boolean;
  label: string;
  expect: string;
  shows: string;
  /** The card's story happened four months ago: registered, produced and handed over then. */
  past?: boolean;
  /** Produced but not handed over (R3). */
  notHandedOver?: boolean;
  given: string;
  family: string;
  birthDate: CalendarDate;
  apply: (s: LmaService, applicantId: string, cardId: string, today: CalendarDate) => Promise<void>;
}

const SCENARIOS: Scenario[] = [
  {
    dossier: '10-000001',
    label: 'valid card',
    expect: 'LMA-kort giltigt',
    shows: 'R11 valid: handed over, covered, within its three months',
    given: 'Amina',
    family: 'Demo',
    birthDate: '1991-04-12',
    apply: async () => {},
  },
  {
    dossier: '10-000002',
    label: 'valid card with AT-UND',
    expect: 'LMA-kort giltigt + AT-UND finns',
    shows: 'R11 valid, AT-UND in effect: an asylum seeker who may work',
    given: 'Yonas',
    family: 'Demo',
    birthDate: '1988-09-30',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
    },
  },
  {
    dossier: '10-000003',
    label: 'expired card (no visit for four months)',
    expect: 'LMA-kort EJ giltigt',
    shows: 'R11 lapsed: not renewed in time — the verifier asks: rejected, or not renewed?',
    past: true,
    given: 'Farid',
    family: 'Demo',
    birthDate: '1979-01-31',
    apply: async () => {},
  },
  {
    dossier: '10-000007',
    label: 'expired card, AT-UND in effect',
    expect: 'LMA-kort EJ giltigt (AT-UND not shown)',
    shows: 'R11 lapsed: AT-UND is not shown until the next visit renews the card',
    past: true,
    given: 'Samir',
    family: 'Demo',
    birthDate: '1990-02-14',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
    },
  },
  {
    dossier: '10-000004',
    label: 'card after a rejection (avslag)',
    expect: 'LMA-kort EJ giltigt',
    shows: 'R11 ended by a decision (rejected) — the verifier asks; rejected → tillståndslös',
    given: 'Olena',
    family: 'Demo',
    birthDate: '1995-06-02',
    apply: async (s, id) => {
      await s.registerDecision(DEMO_ACTOR, id, { type: 'rejected' });
    },
  },
  {
    dossier: '10-000008',
    label: 'permit granted, AT-UND was in effect',
    expect: 'LMA-kort EJ giltigt (AT-UND not shown)',
    shows: 'R11 ended by a decision other than grounds changed: AT-UND is not shown; the permit card applies',
    given: 'Leyla',
    family: 'Demo',
    birthDate: '1993-07-21',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
      await s.registerDecision(DEMO_ACTOR, id, { type: 'permit_granted' });
    },
  },
  {
    dossier: '10-000006',
    label: 'grounds changed to work, AT-UND kept',
    expect: 'LMA-kort EJ giltigt + AT-UND finns',
    shows:
      'R11 ended by grounds changed while AT-UND is in effect: no longer an asylum seeker, may still work',
    given: 'Reza',
    family: 'Demo',
    birthDate: '1985-03-15',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
      await s.registerDecision(DEMO_ACTOR, id, { type: 'grounds_changed' });
    },
  },
  {
    dossier: '10-000009',
    label: 'card produced, not handed over yet',
    expect: 'LMA-kort EJ giltigt',
    shows: 'R11 ordered or produced, not handed over: not valid until the holder collects it',
    notHandedOver: true,
    given: 'Nadia',
    family: 'Demo',
    birthDate: '1999-10-05',
    apply: async () => {},
  },
  {
    dossier: '10-000005',
    label: 'cancelled card (reported lost)',
    expect: 'LMA-kort EJ giltigt',
    shows: 'R11 cancelled (lost, stolen, damaged, replaced): reveals nothing more',
    given: 'Hodan',
    family: 'Demo',
    birthDate: '2001-11-20',
    apply: async (s, _id, cardId) => {
      await s.cancelCard(DEMO_ACTOR, cardId, { reason: 'lost' });
    },
  },
];

/** Codes no card has: R11's last two rows. Both are fixed, so a demo always shows the same. */
const NO_CARD: { label: string; expect: string; shows: string; code: string }[] = [
  {
    label: 'no card has this code',
    expect: 'Ingen information',
    shows: 'R11 unknown: the card proves nothing; check the code',
    code: '0000000000000',
  },
  {
    label: 'mistyped code (wrong check symbol)',
    expect: 'Koden är felskriven — kontrollera tecknen',
    shows: 'R11 malformed: a typing error, never "unknown"',
    code: '0000000000001',
  },
];

/** Specimen (training) cards, one per answer a trainer shows, marked EXEMPEL on the page. */
const SPECIMENS: Scenario[] = [
  {
    specimen: true,
    label: 'specimen: valid',
    shows: 'training card marked EXEMPEL',
    expect: 'EXEMPEL — LMA-kort giltigt',
    given: 'Exempel',
    family: 'Giltigt',
    birthDate: '1990-01-01',
    apply: async () => {},
  },
  {
    specimen: true,
    label: 'specimen: valid + AT-UND',
    shows: 'training card marked EXEMPEL',
    expect: 'EXEMPEL — LMA-kort giltigt + AT-UND finns',
    given: 'Exempel',
    family: 'Giltigt AT-UND',
    birthDate: '1990-01-01',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
    },
  },
  {
    specimen: true,
    label: 'specimen: not valid',
    shows: 'training card marked EXEMPEL',
    expect: 'EXEMPEL — LMA-kort EJ giltigt',
    given: 'Exempel',
    family: 'Ej giltigt',
    birthDate: '1990-01-01',
    apply: async (s, id) => {
      await s.registerDecision(DEMO_ACTOR, id, { type: 'rejected' });
    },
  },
  {
    specimen: true,
    label: 'specimen: not valid + AT-UND',
    shows: 'training card marked EXEMPEL',
    expect: 'EXEMPEL — LMA-kort EJ giltigt + AT-UND finns',
    given: 'Exempel',
    family: 'Ej giltigt AT-UND',
    birthDate: '1990-01-01',
    apply: async (s, id) => {
      await s.setAtUnd(DEMO_ACTOR, id, { granted: true });
      await s.registerDecision(DEMO_ACTOR, id, { type: 'grounds_changed' });
    },
  },
];

/** Loads the demo applicants that are not there yet and returns every demo card's lookup URL. */
export async function loadDemo(service: LmaService): Promise<DemoCard[]> {
  const today = service.today();
  const out: DemoCard[] = [];
  for (const sc of [...SCENARIOS, ...SPECIMENS]) {
    let id = sc.specimen
      ? await service.findSpecimenApplicantId(sc.given, sc.family)
      : await service.findApplicantId(sc.dossier as string);
    if (!id) {
      // An expired card's story happened four months ago: registered, produced and handed over then.
      const story = sc.past
        ? service.at(pinnedClock(new Date(stockholmDayStart(addMonths(today, -4)) + 10 * 3_600_000)))
        : service;
      const reg = await story.registerApplicant(DEMO_ACTOR, {
        givenName: sc.given,
        familyName: sc.family,
        birthDate: sc.birthDate,
        nationality: 'XXA',
        language: 'sv',
        ...(sc.specimen ? { specimen: true } : { dossierNumber: sc.dossier as string }),
      });
      id = reg.id;
      await story.recordPhoto(DEMO_ACTOR, id, { contentType: 'image/jpeg', bytes: DEMO_PHOTO });
      const fp = await story.recordFingerprints(DEMO_ACTOR, id);
      const cardId = (fp.cardOrdered as CardView).id;
      await story.markCardProduced(DEMO_ACTOR, cardId);
      if (!sc.notHandedOver) await story.handOverCard(DEMO_ACTOR, cardId, {});
      await sc.apply(service, id, cardId, today);
    }
    const view = (await service.applicantView(id)) as { cards: { code: string; serial: number }[] };
    // The scenario's card is the first one (for the lost card: the cancelled one, not its replacement).
    const card = [...view.cards].sort((a, b) => a.serial - b.serial)[0] as { code: string };
    out.push({
      label: sc.label,
      expect: sc.expect,
      shows: sc.shows,
      code: card.code,
      url: service.lookupUrl(card.code),
    });
  }
  for (const n of NO_CARD) out.push({ ...n, url: service.lookupUrl(n.code) });
  return out;
}

export function formatDemo(cards: DemoCard[]): string {
  const width = Math.max(...cards.map((c) => c.label.length));
  return cards
    .map(
      (c) =>
        `  ${c.label.padEnd(width)}  ${c.url}\n  ${''.padEnd(width)}  → ${c.expect}\n  ${''.padEnd(width)}    ${c.shows}`,
    )
    .join('\n');
}
