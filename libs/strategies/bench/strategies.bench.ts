// Values per second of each hot strategy on 1M values, beside baselines measured in the same run:
// a plain string copy loop and a `createHmac('sha256')` per value. Run: npx nx run strategies:bench
import { createHmac } from 'node:crypto';
import { createKeyMaterial, createStrategy, describeColumn, type Transform } from '../src/index';

const N = Number(process.env['BENCH_VALUES'] ?? 1_000_000);
const DISTINCT = 10_000;
const emails = Array.from({ length: DISTINCT }, (_, i) => `person.${i}@example${i % 97}.com`);
const names = Array.from({ length: DISTINCT }, (_, i) => `Given${i} Family${i * 7}`);
const phones = Array.from(
  { length: DISTINCT },
  (_, i) => `+1-555-${String(i % 1000).padStart(3, '0')}-${String(i).padStart(4, '0')}`,
);
const ssns = Array.from(
  { length: DISTINCT },
  (_, i) => `${String(100 + (i % 800))}-${String(10 + (i % 89))}-${String(1000 + i)}`,
);
const cards = Array.from(
  { length: DISTINCT },
  (_, i) => `4111 1111 ${String(1000 + (i % 9000))} ${String(1000 + i).slice(-4)}`,
);

const keys = createKeyMaterial('bench-seed');
const column = describeColumn('c', 'text');
const make = (type: string, options: Record<string, unknown> = {}): Transform =>
  createStrategy(type, options, { column, keys, tokenSink: { record: () => undefined } });

function measure(label: string, values: string[], fn: (v: string) => unknown): number {
  for (let i = 0; i < 50_000; i++) fn(values[i % DISTINCT]!); // warm up
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const out = fn(values[i % DISTINCT]!);
    sink += typeof out === 'string' ? out.length : 1;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = N / seconds;
  console.log(
    `${label.padEnd(34)} ${(rate / 1e6).toFixed(2).padStart(6)} M values/s  ${((seconds * 1e9) / N).toFixed(0).padStart(6)} ns/value  (${sink % 10})`,
  );
  return rate;
}

const hmacKey = Buffer.alloc(32, 7);
console.log(`${N.toLocaleString('en')} values per strategy, node ${process.version}\n`);
const copy = measure('baseline: string copy', emails, (v) => `${v} `.slice(0, -1));
const hmac = measure("baseline: createHmac('sha256')", emails, (v) =>
  createHmac('sha256', hmacKey).update(v).digest('hex'),
);
const rows: [string, number][] = [
  ['email', measure('email', emails, make('email'))],
  ['name (full)', measure('name (full)', names, make('name', { format: 'full' }))],
  ['phone (replace)', measure('phone (replace, 7 digits)', phones, make('phone'))],
  ['redact', measure('redact (ssn)', ssns, make('redact', { replacement: '***-**-****' }))],
  ['hash', measure('hash (hmac-sha256, 32)', emails, make('hash'))],
  ['mask', measure('mask (last 4)', cards, make('mask'))],
  ['tokenize', measure('tokenize', emails, make('tokenize'))],
  ['fpe', measure('fpe (FF3-1, 16 digits)', cards, make('fpe'))],
];
console.log(`\nrelative to createHmac per value (higher is faster):`);
for (const [label, rate] of rows) console.log(`  ${label.padEnd(18)} ${(rate / hmac).toFixed(2)}×`);
console.log(`  string copy        ${(copy / hmac).toFixed(2)}×`);
