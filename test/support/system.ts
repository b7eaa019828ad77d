// A whole system on a test database with a manual clock; and builders with overridable defaults.

import { after, before } from 'node:test';
import { silhouettePng } from '../../src/cli/demo-photo.ts';
import { type ManualClock, manualClock, pinnedClock } from '../../src/clock.ts';
import { stockholmDayStart } from '../../src/domain/calendar.ts';
import type { Actor, CardView, LmaService, NewApplicantInput } from '../../src/services/lma-service.ts';
import type { Db } from '../../src/store/db.ts';
import { assembleSystem, type System } from '../../src/system.ts';
import type { Backend } from './backends.ts';

export const BASE_URL = 'https://lma.example.se';
export const OFFICER: Actor = { name: 'test-officer', correlationId: null };

export interface TestSystem extends System {
  clock: ManualClock;
}

/** Noon in Stockholm on 2 June 2026 unless told otherwise. */
export async function makeSystem(db: Db, start = '2026-06-02T12:00:00+02:00'): Promise<TestSystem> {
  const clock = manualClock(start);
  const system = await assembleSystem(db, { clock, publicBaseUrl: BASE_URL });
  return { ...system, clock };
}

let counter = 0;
export function anApplicant(overrides: Partial<NewApplicantInput> = {}): NewApplicantInput {
  counter += 1;
  return {
    givenName: `Given${counter}`,
    familyName: `Family${counter}`,
    birthDate: '1990-05-17',
    nationality: 'SYR',
    language: 'ar',
    ...overrides,
  };
}

/** A photo as an officer uploads it: a PNG just at the smallest size accepted (S3). */
export const PHOTO = silhouettePng(300, 375);

/** Registers an applicant and takes photo and fingerprints; returns the ordered card. */
export async function anApplicantWithOrderedCard(
  service: LmaService,
  overrides: Partial<NewApplicantInput> = {},
): Promise<{ applicantId: string; dossierNumber: string; cardId: string; code: string }> {
  const reg = await service.registerApplicant(OFFICER, anApplicant(overrides));
  const applicantId = reg.id;
  await service.recordPhoto(OFFICER, applicantId, { contentType: 'image/png', bytes: PHOTO });
  const fp = await service.recordFingerprints(OFFICER, applicantId);
  const card = fp.cardOrdered as CardView;
  return { applicantId, dossierNumber: reg.dossierNumber, cardId: card.id, code: card.code };
}

/** The service at noon (Swedish time) on `date`, or as it is. */
const storyOn = (service: LmaService, date?: string) =>
  date ? service.at(pinnedClock(new Date(stockholmDayStart(date) + 12 * 3_600_000))) : service;

/**
 * …and produced, not yet handed over: its card-ready letter is queued (handing the card over first
 * withdraws it). With `date`, made at noon that day (Swedish time).
 */
export async function anApplicantWithProducedCard(
  service: LmaService,
  overrides: Partial<NewApplicantInput> = {},
  date?: string,
) {
  const story = storyOn(service, date);
  const a = await anApplicantWithOrderedCard(story, overrides);
  await story.markCardProduced(OFFICER, a.cardId);
  return a;
}

/**
 * …and produced and handed over. With `date`, the whole story happened at noon that day (Swedish
 * time), so the card was produced then too.
 */
export async function anApplicantWithActiveCard(
  service: LmaService,
  overrides: Partial<NewApplicantInput> = {},
  date?: string,
) {
  const a = await anApplicantWithProducedCard(service, overrides, date);
  await storyOn(service, date).handOverCard(OFFICER, a.cardId, {});
  return a;
}

/** A card whose adult holder's grounds changed while AT-UND is in effect: "EJ giltigt", AT-UND shown (R11). */
export async function anApplicantWithChangedGrounds(
  service: LmaService,
  birthDate = '1980-01-01',
): Promise<{ applicantId: string; dossierNumber: string; cardId: string; code: string }> {
  const a = await anApplicantWithActiveCard(service, { birthDate });
  await service.setAtUnd(OFFICER, a.applicantId, { granted: true });
  await service.registerDecision(OFFICER, a.applicantId, { type: 'grounds_changed' });
  return a;
}

/**
 * For a describe block: a fresh system on `backend` (its clock at `start`), made before the block's
 * tests and its database closed after them. Read `.s` inside the tests.
 */
export function systemOn(backend: Backend, start?: string): { readonly s: TestSystem } {
  const fixture = {} as { s: TestSystem };
  before(async () => {
    fixture.s = await makeSystem(await backend.open(), start);
  });
  after(async () => {
    await fixture.s?.db.close();
  });
  return fixture;
}
