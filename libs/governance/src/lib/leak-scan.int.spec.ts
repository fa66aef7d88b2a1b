import { parseProfile } from '@confiture/domain';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import {
  createKeyMaterial,
  createStrategy,
  strategyCatalog,
  textColumn,
} from '@confiture/strategies';
import pg from 'pg';
import { leakChecks, scanForLeaks } from './leak-scan';

const PROFILE = `
version: 1
global: { seed: 42 }
tables:
  users:
    - { column: email, strategy: email, domain: staging.invalid }
    - { column: phone, strategy: phone }
    - { column: notes, strategy: text_scrub }
    - { column: ssn, strategy: redact, replacement: "***-**-****" }
    - { column: card, strategy: mask }
    - { column: profile, strategy: json, rules: [{ path: $.contact.email, strategy: email }] }
    - { column: internal_contact, strategy: preserve }
`;

const anonymize = (type: string, options: Record<string, unknown> = {}) =>
  createStrategy(type, options, { column: textColumn(type), keys: createKeyMaterial('test-seed') });

describe('scanForLeaks', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  const profile = parseProfile(PROFILE, 'profile.yaml', { catalog: strategyCatalog });

  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await client.query(`
      CREATE TABLE users (
        id int PRIMARY KEY, email text, phone text, notes text, ssn text, card text, profile jsonb,
        internal_contact text, aliases text[], seen_from inet, status text);
      CREATE TABLE audit_events (code text PRIMARY KEY, detail text);`);
    // What the strategies write: never a leak.
    const email = anonymize('email', { domain: 'staging.invalid' });
    const nestedEmail = anonymize('email');
    const phone = anonymize('phone');
    const scrub = anonymize('text_scrub');
    const mask = anonymize('mask');
    for (let id = 1; id <= 20; id++) {
      await client.query(
        'INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [
          id,
          email(`person${id}@gmail.com`),
          phone(`+33 6 12 34 56 ${String(id).padStart(2, '0')}`),
          scrub(`Call +1 415-555-01${String(id).padStart(2, '0')} or mail p${id}@corp.com`),
          '***-**-****',
          mask('4539 5787 6362 1486'),
          JSON.stringify({ contact: { email: nestedEmail(`p${id}@corp.com`) }, plan: 'pro' }),
          'dpo@our-company.com',
          [`user${id}@example.com`],
          '203.0.113.7',
          'active',
        ],
      );
    }
  });
  afterEach(async () => {
    await db.drop();
  });

  it('does not flag what the strategies wrote on purpose', async () => {
    const report = await scanForLeaks({ target: client, profile });
    expect(report.leaks).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.skipped).toEqual([
      {
        table: 'public.users',
        column: 'internal_contact',
        reason: 'declared safe by a preserve rule (tables.users[6])',
      },
    ]);
    expect(report.anonymizedDomains).toEqual(['anon.local', 'staging.invalid']);
  });

  it('reports leaks planted by hand with their kinds and row keys, never the values', async () => {
    await client.query(`
      UPDATE users SET notes = 'Customer wrote from jane.doe@gmail.com' WHERE id = 7;
      UPDATE users SET ssn = '123-45-6789' WHERE id IN (3, 4);
      UPDATE users SET card = '4539578763621486' WHERE id = 5;
      UPDATE users SET profile = '{"contact": {"email": "user_0@anon.local"}, "billing": {"iban": "DE89370400440532013000"}}' WHERE id = 9;
      UPDATE users SET aliases = ARRAY['a@example.com', 'bob@corp.io'] WHERE id = 11;
      UPDATE users SET seen_from = '81.2.69.142' WHERE id = 12;
      UPDATE users SET phone = '+1 415 555 0132', email = 'real.person@gmail.com' WHERE id = 13;
      INSERT INTO audit_events VALUES ('x-1', 'login from 81.2.69.142 by +44 20 7946 0958');`);
    const report = await scanForLeaks({ target: client, profile });
    expect(report.passed).toBe(false);
    expect(report.leaks).toEqual([
      {
        table: 'public.audit_events',
        column: 'detail',
        rows: 1,
        kinds: { phone: 1, ip_address: 1 },
        sampleKeys: [{ code: 'x-1' }],
      },
      {
        table: 'public.users',
        column: 'email',
        rows: 1,
        kinds: { email: 1 },
        sampleKeys: [{ id: 13 }],
      },
      {
        table: 'public.users',
        column: 'notes',
        rows: 1,
        kinds: { email: 1 },
        sampleKeys: [{ id: 7 }],
      },
      {
        table: 'public.users',
        column: 'ssn',
        rows: 2,
        kinds: { national_id: 2 },
        sampleKeys: [{ id: 3 }, { id: 4 }],
      },
      {
        table: 'public.users',
        column: 'card',
        rows: 1,
        kinds: { card_number: 1 },
        sampleKeys: [{ id: 5 }],
      },
      {
        table: 'public.users',
        column: 'profile',
        rows: 1,
        kinds: { iban: 1 },
        sampleKeys: [{ id: 9 }],
        paths: ['$.billing.iban'],
      },
      {
        table: 'public.users',
        column: 'aliases',
        rows: 1,
        kinds: { email: 1 },
        sampleKeys: [{ id: 11 }],
      },
      {
        table: 'public.users',
        column: 'seen_from',
        rows: 1,
        kinds: { ip_address: 1 },
        sampleKeys: [{ id: 12 }],
      },
    ]);
    // The phone rule writes phone numbers: a phone in that column is the base check's business.
    const text = JSON.stringify(leakChecks(report));
    expect(text).not.toMatch(/jane|6789|3621486|81\.2\.69|DE89|real\.person|bob@/);
    expect(leakChecks(report).at(-1)).toMatchObject({ name: 'pii-pattern-scan', status: 'failed' });
  });

  it('reads no card number in JSON decimals or long digit runs', async () => {
    await client.query(`
      CREATE TABLE charges (id bigint PRIMARY KEY, properties jsonb, note text);
      INSERT INTO charges VALUES
        (1, '{"n": 0.5513479412920261, "rate": [0.4539578763621486, 12.5]}', 'ref 945395787636214861'),
        (2, '{"amount": 5513479412920261.25}', 'ratio 0.4539578763621486');`);
    const report = await scanForLeaks({ target: client, profile });
    expect(report.leaks).toEqual([]);
  });

  it('does not scan a rewritten column for what its own rule writes, but still for other kinds', async () => {
    // "563667924754": what the phone strategy wrote for a phone number; Luhn-valid, and 56 opens
    // Maestro's range. Originals of a rewritten column are the no-source-values check's business.
    await client.query(`UPDATE users SET phone = '563667924754' WHERE id = 2`);
    expect((await scanForLeaks({ target: client, profile })).leaks).toEqual([]);
    await client.query(`UPDATE users SET phone = 'call jane.doe@gmail.com' WHERE id = 3`);
    expect((await scanForLeaks({ target: client, profile })).leaks).toEqual([
      {
        table: 'public.users',
        column: 'phone',
        rows: 1,
        kinds: { email: 1 },
        sampleKeys: [{ id: 3 }],
      },
    ]);
  });

  it('names rows by a text key, unless the key itself may be personal data', async () => {
    await client.query(`
      CREATE TABLE contacts (email text PRIMARY KEY, note text);
      CREATE TABLE tickets (ref text, line int, note text, PRIMARY KEY (ref, line));
      INSERT INTO contacts VALUES ('jane@corp.com', 'call 81.2.69.142');
      INSERT INTO tickets VALUES ('T-2024-0042', 1, 'from 81.2.69.142'),
                                 ('bob@corp.io', 1, 'from 81.2.69.143');`);
    const report = await scanForLeaks({ target: client, profile });
    const keysOf = (table: string, column: string) =>
      report.leaks.find((l) => l.table === table && l.column === column)?.sampleKeys;
    expect(keysOf('public.tickets', 'note')).toEqual([
      { ref: 'T-2024-0042', line: 1 },
      { ctid: '(0,2)' },
    ]);
    // The key column is named "email": its values are never shown.
    expect(keysOf('public.contacts', 'note')).toEqual([{ ctid: '(0,1)' }]);
    expect(JSON.stringify(leakChecks(report))).not.toMatch(/bob@|jane@/);
  });

  it('keeps at most the asked number of row keys and can stop early on big tables', async () => {
    await client.query(`UPDATE users SET notes = 'mail me: someone' || id || '@gmail.com'`);
    const report = await scanForLeaks({
      target: client,
      profile,
      sampleKeys: 2,
      maxRowsPerTable: 10,
    });
    expect(report.leaks).toEqual([
      {
        table: 'public.users',
        column: 'notes',
        rows: 10,
        kinds: { email: 10 },
        sampleKeys: [{ id: 1 }, { id: 2 }],
      },
    ]);
  });

  it('reports person names left in free text, and not the names a rule writes on purpose', async () => {
    const names = parseProfile(
      `
version: 1
global: { seed: 42 }
tables:
  tickets:
    - { column: scrubbed, strategy: text_scrub }
    - { column: faked, strategy: text_scrub, names: fake }
    - { column: full_name, strategy: name }
    - { column: body, strategy: json, rules: [{ path: $.author, strategy: name }] }
`,
      'names.yaml',
      { catalog: strategyCatalog },
    );
    await client.query(`
      CREATE TABLE tickets (id int PRIMARY KEY, scrubbed text, faked text, full_name text,
        unmapped text, city text, body jsonb)`);
    const scrub = anonymize('text_scrub');
    const fake = anonymize('text_scrub', { names: 'fake' });
    const name = anonymize('name');
    const note = (id: number) => `Spoke with James Lopez about refund ${id}. Best, Tom`;
    for (let id = 1; id <= 6; id++) {
      await client.query('INSERT INTO tickets VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        scrub(note(id)),
        fake(note(id)),
        name('James Lopez'),
        // Look-alikes only: streets, months, verbs, makes, places, job titles.
        'Will you mark the parcel for Grant Street before May? The Jaguar stays in Paris.',
        'Florence',
        JSON.stringify({ author: name('Anna Smith'), text: 'Ask the Account Manager today.' }),
      ]);
    }
    await client.query(`
      UPDATE tickets SET unmapped = 'Dear Mr Smith, your parcel left today.' WHERE id = 2;
      UPDATE tickets SET scrubbed = 'Hi Anna, the refund is on its way.' WHERE id = 3;
      UPDATE tickets SET body = '{"author": "x", "text": "Spoke with Giulia Rossi about it"}' WHERE id = 4;`);
    const report = await scanForLeaks({ target: client, profile: names });
    expect(report.leaks.filter((l) => l.table === 'public.tickets')).toEqual([
      {
        table: 'public.tickets',
        column: 'scrubbed',
        rows: 1,
        kinds: { person_name: 1 },
        sampleKeys: [{ id: 3 }],
      },
      {
        table: 'public.tickets',
        column: 'unmapped',
        rows: 1,
        kinds: { person_name: 1 },
        sampleKeys: [{ id: 2 }],
      },
      {
        table: 'public.tickets',
        column: 'body',
        rows: 1,
        kinds: { person_name: 1 },
        sampleKeys: [{ id: 4 }],
        paths: ['$.text'],
      },
    ]);
    expect(JSON.stringify(leakChecks(report))).not.toMatch(/Smith|Anna|Giulia|Rossi/);
  });
});
