import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const TOOL = join(ROOT, 'tools/precision/scan-precision.mjs');
const DANBOORU = join(ROOT, 'tools/dataset/sql/real-schemas/danbooru.sql');

interface PrecisionResult {
  database: string;
  scannedColumns: number;
  scannedRows: number;
  findings: { column: string; rows: number; kinds: Record<string, number> }[];
}

/**
 * Runs the precision tool (built `dist` of governance, dataset, pg-harness): it loads the schema
 * into its own database, fills every table with random non-PII values and runs `scanForLeaks` with
 * no rule, then scans a small demo shop the same way.
 */
function measure(args: string[]): PrecisionResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'confiture-precision-'));
  try {
    const json = join(dir, 'results.json');
    execFileSync(process.execPath, [TOOL, '--json', json, ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: 'pipe',
    });
    return JSON.parse(readFileSync(json, 'utf8')) as PrecisionResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('scan precision on real schemas filled with random values', () => {
  it('finds nothing on danbooru (66 tables) and still finds the demo shop planted PII', () => {
    const [danbooru, shop] = measure(['--rows', '100', '--demo-users', '2000', DANBOORU]);
    expect(danbooru.database).toBe('danbooru.sql');
    expect(danbooru.scannedColumns).toBeGreaterThan(150);
    expect(danbooru.scannedRows).toBeGreaterThan(4000);
    expect(danbooru.findings).toEqual([]);
    expect(shop.database).toBe('demo shop (2000 users)');
    // Every column where the shop plants PII, as measured before the precision fixes.
    expect(shop.findings.map((finding) => finding.column).sort()).toEqual([
      'public.orders.customer_ip',
      'public.payments.card_number',
      'public.payments.iban',
      'public.support_tickets.body',
      'public.support_tickets.metadata',
      'public.users.email',
      'public.users.notes',
      'public.users.phone',
      'public.users.preferences',
      'public.users.ssn',
    ]);
  }, 120_000);
});
