/**
 * Cost per row of anonymizing COPY rows like the sync benchmark's users table
 * (id, email, full_name, phone, ssn, created_at), per rule and for all four together, beside a
 * baseline in the same run: the same rows split and re-joined with no strategy.
 *
 *   npx nx run performance:bench
 */
import { resolveProfile } from '@confiture/domain';
import {
  describeColumn,
  hmacBackend,
  parseHmacBackend,
  strategyCatalog,
  useHmacBackend,
} from '@confiture/strategies';
import { compileTableTransform, type TableTransformSpec } from '../src/lib/table-transform';

const ROWS = 200_000;
// The bench is an edge: CONFITURE_HMAC=native|wasm|js chooses what HMAC batches are hashed with.
useHmacBackend(parseHmacBackend(process.env['CONFITURE_HMAC']));
const profile = resolveProfile(
  {
    tables: {
      users: [
        { column: 'email', strategy: 'email' },
        { column: 'full_name', strategy: 'name' },
        { column: 'phone', strategy: 'phone' },
        { column: 'ssn', strategy: 'redact', replacement: '***-**-****' },
      ],
    },
  },
  { catalog: strategyCatalog },
);
const rules = profile.tables[0]!.rules;
const columns = ['id', 'email', 'full_name', 'phone', 'ssn', 'created_at'];
const first = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda'];
const last = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis'];
const lines: string[] = [];
for (let g = 1; g <= ROWS; g++) {
  const phone = `+1-${200 + (g % 700)}-555-${String(g % 10000).padStart(4, '0')}`;
  lines.push(
    `${g}\tuser${g}@gmail.com\t${first[g % 8]} ${last[(g >> 3) % 8]}\t${phone}\t123-45-6789\t2020-01-01 00:00:00+00\n`,
  );
}
const text = lines.join('');

function spec(only: (column: string) => boolean, id: string): TableTransformSpec {
  return {
    id,
    table: 'users',
    columns: columns.map((name) => {
      const rule = rules.find((r) => r.column === name);
      const column = describeColumn(name, name === 'id' ? 'bigint' : 'text', {
        unique: name === 'email',
      });
      return rule && only(name) ? { column, rule, seed: 'bench-seed' } : { column };
    }),
  };
}

function time(run: () => unknown): number {
  run(); // warm up
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// Cut into batches of whole rows of about 32 KiB, as the sync hands them to the transform.
const BATCH_BYTES = 32 * 1024;
const bytes = Buffer.from(text, 'utf8');
const batches: Buffer[] = [];
for (let start = 0; start < bytes.length;) {
  const end = bytes.indexOf(0x0a, Math.min(start + BATCH_BYTES, bytes.length - 1)) + 1;
  batches.push(bytes.subarray(start, end));
  start = end;
}
const baseline = time(() =>
  text
    .split('\n')
    .map((l) => l.split('\t').join('\t'))
    .join('\n'),
);
console.log(
  `${ROWS.toLocaleString('en-US')} rows in ${batches.length} batches of ~32 KiB, HMAC batches hashed by ${hmacBackend()}; µs per row (lower is better)`,
);
console.log(`  baseline: split and re-join every field   ${((baseline * 1000) / ROWS).toFixed(2)}`);
for (const [label, only] of [
  ['email (email)', (c: string) => c === 'email'],
  ['full_name (name)', (c: string) => c === 'full_name'],
  ['phone (phone)', (c: string) => c === 'phone'],
  ['ssn (redact)', (c: string) => c === 'ssn'],
  ['all four', () => true],
] as const) {
  const transform = compileTableTransform(spec(only, label));
  const ms = time(() => {
    for (const batch of batches) transform(batch);
  });
  console.log(`  ${label.padEnd(40)} ${((ms * 1000) / ROWS).toFixed(2)}`);
}
