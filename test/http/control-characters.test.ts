// Control characters in text (a NUL makes the database refuse the statement) are refused at the edge
// with the field named, on every text field of the officer API and the console; and whatever a
// database error carries (statement, values, detail, where) never reaches a log line (R12, P5).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { ConsoleClient, consoleOn, PASSWORD, pageText, signInAs } from '../support/console.ts';
import { officerClient } from '../support/http.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

// Personal data that must never appear in a log line, whatever happens to the request.
const GIVEN = 'Secretgiven';
const FAMILY = 'Secretfamily';
const BIRTH = '1987-03-21';
const PIN = '19870321-1238';
const CITY = 'Malmösecret';

const NUL = '\u0000';

for (const backend of backends) {
  describe(`control characters and database errors on ${backend.name}`, () => {
    const f = consoleOn(backend, { astrid: 'admin' });
    let applicantId: string;

    before(async () => {
      applicantId = (await anApplicantWithActiveCard(f.s.service)).applicantId;
    });

    const applicant = {
      givenName: GIVEN,
      familyName: FAMILY,
      birthDate: BIRTH,
      nationality: 'SYR',
      language: 'ar',
      personalIdentityNumber: PIN,
      protectedAddress: true,
      address: { careOf: 'Secretcareof', street: 'Secretstreet 1', postalCode: '211 20', city: CITY },
    };
    const logText = () => f.web.logs.join('');
    const assertNoPersonalDataLogged = () => {
      const logs = logText();
      for (const secret of [GIVEN, FAMILY, BIRTH, PIN, '198703211238', CITY, 'Secretstreet', 'Secretcareof'])
        assert.ok(!logs.includes(secret), `"${secret}" is not in the log`);
      assert.doesNotMatch(logs, /"(query|params|parameters|detail|where|internalQuery)":/);
      assert.doesNotMatch(logs, /unhandled error|console error/);
    };
    const applicants = async () =>
      (await f.s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applicants')).rows[0]?.n;

    it('the officer API refuses a control character in every text field with 400 naming the field', async () => {
      const api = officerClient(f.web);
      const admin = officerClient(f.web, f.web.adminToken);
      const before = await applicants();
      const cases: [string, () => Promise<{ status: number; headers: Headers; body: { field?: string } }>][] =
        [
          ['givenName', () => api.post('/applicants', { ...applicant, givenName: `Secret${NUL}given` })],
          ['familyName', () => api.post('/applicants', { ...applicant, familyName: `Secret\u0007family` })],
          [
            'personalIdentityNumber',
            () => api.post('/applicants', { ...applicant, personalIdentityNumber: `${PIN}${NUL}` }),
          ],
          [
            'address.careOf',
            () =>
              api.post('/applicants', {
                ...applicant,
                address: { ...applicant.address, careOf: `c${NUL}o` },
              }),
          ],
          [
            'address.street',
            () =>
              api.post('/applicants', {
                ...applicant,
                address: { ...applicant.address, street: `Secretstreet\t1` },
              }),
          ],
          [
            'address.city',
            () =>
              api.post('/applicants', {
                ...applicant,
                address: { ...applicant.address, city: `Malm${NUL}o` },
              }),
          ],
          ['office', () => api.post(`/applicants/${applicantId}/visits`, { office: `Secret${NUL}office` })],
          ['name', () => admin.post('/tokens', { name: `token${NUL}name`, role: 'officer' })],
        ];
      for (const [field, send] of cases) {
        const r = await send();
        assert.equal(r.status, 400, `${field}: 400`);
        assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/, field);
        assert.equal(r.body.field, field);
      }
      assert.equal(await applicants(), before, 'nothing registered');
      const tokens = await f.s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM api_tokens WHERE name LIKE 'token%'",
      );
      assert.equal(tokens.rows[0]?.n, 0, 'no token made');
      assertNoPersonalDataLogged();
    });

    it('the console refuses a control character in every text field with 400 naming the field', async () => {
      const c = await signInAs(f.web, 'astrid');
      await c.get('/officer/applicants/new');
      const before = await applicants();
      // The console's form: the applicant's fields, the address's fields beside them.
      const { address, protectedAddress: _, ...person } = applicant;
      const form = { ...person, ...address, protectedAddress: 'yes' };
      for (const field of Object.keys(form) as (keyof typeof form)[]) {
        const r = await c.post('/officer/applicants', { ...form, [field]: `${form[field]}${NUL}x` });
        assert.equal(r.status, 400, `${field}: 400`);
        assert.match(pageText(r.body), new RegExp(`"${field}"`), `${field} is named`);
      }
      const search = await c.get(
        `/officer/?name=${encodeURIComponent(`Secret${NUL}given`)}&birthDate=${BIRTH}`,
      );
      assert.equal(search.status, 400);
      assert.match(pageText(search.body), /"name"/);
      await c.get('/officer/admin/tokens');
      const token = await c.post('/officer/admin/tokens', { name: `token${NUL}name`, role: 'officer' });
      assert.equal(token.status, 400);
      assert.match(pageText(token.body), /"name"/);
      const signIn = await new ConsoleClient(f.web).signIn(`astrid${NUL}`, PASSWORD);
      assert.equal(signIn.status, 400);
      assert.equal(await applicants(), before, 'nothing registered');
      assertNoPersonalDataLogged();
    });

    it("a database error in the log keeps its code and none of the statement's values", async () => {
      const errors: unknown[] = [];
      for (const [sql, params] of [
        [
          'INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, now())',
          [randomUUID(), `${GIVEN}${NUL}`, 'officer', PIN],
        ],
        ['SELECT $1::date', [`${FAMILY} ${BIRTH}`]],
        ['SELECT $1::uuid', [CITY]],
      ] as const) {
        await f.s.db.query(sql, [...params]).then(
          () => assert.fail(`${sql} fails`),
          (err) => errors.push(err),
        );
      }
      // A unique violation: the driver's detail names the value that was already there.
      const name = `${GIVEN}-dup`;
      await f.s.db.query('CREATE TEMP TABLE dup (v text PRIMARY KEY)');
      await f.s.db.query('INSERT INTO dup VALUES ($1)', [name]);
      await f.s.db.query('INSERT INTO dup VALUES ($1)', [name]).then(
        () => assert.fail('a duplicate fails'),
        (err) => errors.push(err),
      );
      for (const err of errors) f.web.app.log.error({ err, route: '/test' }, 'unhandled error');
      const lines = f.web.logs.filter((l) => l.includes('"route":"/test"'));
      assert.equal(lines.length, errors.length);
      for (const line of lines) {
        assert.match(line, /"code":"(22021|22007|22P02|23505)"/, 'the SQLSTATE is kept');
        for (const secret of [GIVEN, FAMILY, BIRTH, PIN, CITY])
          assert.ok(!line.includes(secret), `"${secret}" is not in ${line}`);
        assert.doesNotMatch(line, /"(query|params|parameters|detail|where|internalQuery)":/);
      }
    });
  });
}
