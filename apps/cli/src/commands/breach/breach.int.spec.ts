import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listAuditEntries } from '@confiture/security';
import { securityCliHarness } from '../../test-support/security-cli';

const EXAMPLE = resolve(__dirname, '../../../../../examples/compliance.yaml');
const GOOD = [
  '--detected-at',
  '2026-03-05T18:00:00-03:00',
  '--severity',
  'HIGH',
  '--categories',
  'email,card_number',
  '--subjects',
  '1200',
  '--regions',
  'BR,DE,US-CA',
];

describe('confiture breach', () => {
  const target = securityCliHarness(async () => undefined);
  const cli = (...args: string[]) => target.cli(args);
  const count = async () => {
    const present = await target.client.query<{ ok: boolean }>(
      `SELECT to_regclass('confiture.breach_incidents') IS NOT NULL AS ok`,
    );
    if (!present.rows[0]!.ok) return -1;
    const { rows } = await target.client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM confiture.breach_incidents',
    );
    return rows[0]!.n;
  };
  const record = async (...args: string[]) => {
    const run = await cli('breach', 'record', ...(args.length > 0 ? args : GOOD));
    expect(run.code).toBe(0);
    return run.stdout.trim();
  };

  it('records an incident, prints its id and signs it into the audit log', async () => {
    const id = await record();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [entry] = await listAuditEntries(target.client, { limit: 1 });
    expect(entry).toEqual(
      expect.objectContaining({
        runId: id,
        verification: expect.objectContaining({
          confiture_event: 'breach-incident-recorded',
          incident: id,
        }),
      }),
    );
    const list = await cli('breach', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(
      `${id} detected 2026-03-05T18:00:00-03:00 HIGH 1200 subjects BR,DE,US-CA [signed]`,
    );
  });

  it.each([
    [
      ['--detected-at', '2026-03-05 18:00'],
      '--detected-at: "2026-03-05 18:00" is not an ISO 8601 time with an offset',
    ],
    [['--severity', 'URGENT'], '--severity: unknown severity "URGENT"'],
    [['--categories', 'email,gossip'], '--categories: unknown category "gossip"'],
    [['--subjects', 'many'], '--subjects: "many" is not a non-negative integer'],
    [['--subjects', '-3'], '--subjects: "-3" is not a non-negative integer'],
    [['--regions', 'BR,Brasil!'], '--regions: "BRASIL!" is not a region code'],
  ])('refuses %j with one line, exit 2, nothing written', async (bad, message) => {
    const args = [...GOOD];
    args[args.indexOf(bad[0]!) + 1] = bad[1]!;
    const run = await cli('breach', 'record', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`✖ ${message}`);
    expect(run.stdout).toBe('');
    expect(await count()).toBe(-1);
  });

  it("gives each applicable law's notices with deadlines from its rule", async () => {
    const id = await record();
    const run = await cli('breach', 'notices', id, '--json');
    expect(run.code).toBe(0);
    const notices = JSON.parse(run.stdout);
    const byLaw = Object.fromEntries(
      notices.regulations.map((r: { regulation: string; notices: unknown[] }) => [
        r.regulation,
        r.notices,
      ]),
    );
    expect(Object.keys(byLaw).sort()).toEqual(['ccpa', 'gdpr', 'lgpd']);
    expect(byLaw['gdpr'][0]).toEqual(
      expect.objectContaining({
        recipient: 'authority',
        deadline: expect.objectContaining({ dueAt: '2026-03-08T21:00:00.000Z' }),
      }),
    );
    expect(byLaw['lgpd'][0]).toEqual(
      expect.objectContaining({
        deadline: expect.objectContaining({ dueLocal: '2026-03-10T23:59:59.999-03:00' }),
      }),
    );
    expect(byLaw['gdpr'][1].deadline.text).toBe('no fixed deadline: without undue delay');
  });

  it('renders the drafts as Markdown and HTML with the controller from compliance.yaml', async () => {
    const id = await record();
    const dir = mkdtempSync(join(tmpdir(), 'breach-cli-'));
    copyFileSync(EXAMPLE, join(dir, 'compliance.yaml'));
    const md = await target.cli([
      'breach',
      'notices',
      id,
      '--config',
      join(dir, 'compliance.yaml'),
    ]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('From: Acme Shop SAS (privacy@acme.example)');
    expect(md.stdout).toContain('> - [ ] the likely consequences of the breach (Art. 33(3)(c))');
    const html = await target.cli([
      'breach',
      'notices',
      id,
      '--format',
      'html',
      '--output',
      join(dir, 'n.html'),
    ]);
    expect(html.code).toBe(0);
  });

  it('lists overdue notices until they are recorded as sent', async () => {
    const id = await record(
      '--detected-at',
      '2026-01-05T10:00:00+01:00',
      '--severity',
      'CRITICAL',
      '--categories',
      'health',
      '--subjects',
      '40',
      '--regions',
      'BR',
    );
    const overdue = await cli('breach', 'list', '--overdue', '--json');
    expect(overdue.code).toBe(0);
    const before = JSON.parse(overdue.stdout).incidents[0].regulations[0].notices.map(
      (n: { recipient: string }) => n.recipient,
    );
    expect(before).toEqual(['authority', 'subjects']);
    const sent = await cli(
      'breach',
      'notified',
      id,
      '--regulation',
      'lgpd',
      '--recipient',
      'authority',
      '--at',
      '2026-01-07T09:00:00-03:00',
    );
    expect(sent.code).toBe(0);
    const after = JSON.parse((await cli('breach', 'list', '--overdue', '--json')).stdout)
      .incidents[0].regulations[0].notices;
    expect(after.map((n: { recipient: string }) => n.recipient)).toEqual(['subjects']);
    const text = await cli('breach', 'list');
    expect(text.stdout).toContain(
      'lgpd → authority: required, due 2026-01-09T02:59:59.999Z, sent 2026-01-07T12:00:00.000Z',
    );
    expect(text.stdout).toContain(
      'lgpd → subjects: required, due 2026-01-09T02:59:59.999Z, OVERDUE',
    );
  });

  it('keeps the register append-only, and shows a row changed behind its back as altered', async () => {
    const id = await record();
    await expect(
      target.client.query(`UPDATE confiture.breach_incidents SET subjects = 1 WHERE id = $1`, [id]),
    ).rejects.toThrow('confiture.breach_incidents is append-only: UPDATE refused');
    await expect(target.client.query(`DELETE FROM confiture.breach_incidents`)).rejects.toThrow(
      'append-only',
    );
    await target.client.query('BEGIN');
    await target.client.query('ALTER TABLE confiture.breach_incidents DISABLE TRIGGER USER');
    await target.client.query(`UPDATE confiture.breach_incidents SET subjects = 1 WHERE id = $1`, [
      id,
    ]);
    await target.client.query(
      'ALTER TABLE confiture.breach_incidents ENABLE ALWAYS TRIGGER breach_incidents_append_only',
    );
    await target.client.query('COMMIT');
    const list = await cli('breach', 'list');
    expect(list.stdout).toContain(
      `${id} detected 2026-03-05T18:00:00-03:00 HIGH 1 subjects BR,DE,US-CA [altered]`,
    );
    const notices = await cli('breach', 'notices', id);
    expect(notices.stderr).toContain('is altered');
  });

  it('names an unknown incident', async () => {
    const run = await cli('breach', 'notices', '00000000-0000-4000-8000-000000000000');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no incident 00000000-0000-4000-8000-000000000000');
    const bad = await cli('breach', 'notices', 'nope');
    expect(bad.code).toBe(2);
  });
});
