// Values per second of each hot strategy on 1M values, beside baselines measured in the same run:
// a plain string copy loop and a `createHmac('sha256')` per value. Run: npx nx run strategies:bench
import { createHmac } from 'node:crypto';
import {
  createKeyMaterial,
  createStrategy,
  describeColumn,
  PII_DETECTORS,
  type Transform,
} from '../src/index';

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

// Free text: µs per KB of text_scrub, on notes with names and on notes without, beside the
// patterns-only text_scrub of before names were found (`detectors` without person_name).
const withNames = Array.from(
  { length: 1000 },
  (_, i) =>
    `Ticket ${i}: spoke with James Lopez about order #${i}. Dear Mr Smith, the parcel left Grant Street in May; call +1 415-555-01${String(i % 100).padStart(2, '0')} or mail jane${i}@corp.com. Best regards,\nAnna`,
);
const withoutNames = Array.from(
  { length: 1000 },
  (_, i) =>
    `Ticket ${i}: the customer asked about order #${i}. The parcel left the depot in May and was damaged; call +1 415-555-01${String(i % 100).padStart(2, '0')} or mail jane${i}@corp.com. Thanks for the patience.`,
);
function microsPerKb(label: string, texts: string[], fn: (v: string) => unknown): number {
  const kb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024;
  for (let r = 0; r < 3; r++) for (const t of texts) fn(t); // warm up
  const rounds = Math.max(5, Math.round(N / 50_000));
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const t of texts) fn(t);
  const us = Number(process.hrtime.bigint() - start) / 1e3 / (rounds * kb);
  console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(7)} µs/KB`);
  return us;
}
console.log(`\ntext_scrub on free text (${withNames[0]!.length}-character notes):`);
const before = make('text_scrub', { detectors: [...PII_DETECTORS] });
const now = make('text_scrub');
const baseNames = microsPerKb('patterns only (before), notes with names', withNames, before);
const baseNone = microsPerKb('patterns only (before), notes without names', withoutNames, before);
const nowNames = microsPerKb('with person names, notes with names', withNames, now);
const nowNone = microsPerKb('with person names, notes without names', withoutNames, now);
const fake = microsPerKb(
  'with fake names, notes with names',
  withNames,
  make('text_scrub', { names: 'fake' }),
);
console.log(
  `names cost ${(nowNames - baseNames).toFixed(1)} µs/KB on notes with names (${(nowNames / baseNames).toFixed(2)}×), ${(nowNone - baseNone).toFixed(1)} µs/KB without (${(nowNone / baseNone).toFixed(2)}×); fake names ${(fake - baseNames).toFixed(1)} µs/KB`,
);
