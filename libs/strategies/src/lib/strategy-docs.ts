import { z } from 'zod';
import { describeColumn } from './column';
import { createStrategy } from './create-strategy';
import { FAKE_LOCALES } from './fake-data';
import { createKeyMaterial } from './key-material';
import { strategyDefinitions } from './registry';
import { contractOf, type AnyStrategyDefinition, type TokenSink } from './strategy-definition';

/** The seed the docs examples run under (public on purpose: it only makes the docs reproducible). */
export const DOCS_SEED = 'docs-example-seed';

const CONTRACT_LABELS: [keyof ReturnType<typeof contractOf>, string][] = [
  ['deterministic', 'deterministic'],
  ['injective', 'injective (UNIQUE-safe)'],
  ['reversible', 'reversible'],
  ['formatPreserving', 'format-preserving'],
  ['keepsNull', 'keeps NULL'],
  ['needsSeed', 'needs a seed'],
  ['leakCheck', 'leak check applies'],
];

/** docs/strategies.md, generated from the registry: one section per strategy. */
export function renderStrategyDocs(): string {
  const lines: string[] = [
    '# Anonymization strategies',
    '',
    '<!-- Generated from libs/strategies by `npx nx run strategies:docs`; do not edit by hand. -->',
    '',
    'Every rule names a strategy `type` (or a named strategy of the profile) and its options.',
    'Values are the PostgreSQL text of each column; on array columns a rule applies to each element.',
    "Deterministic strategies derive their keys from the rule's seed (rule `seed`, else the global seed) with",
    'HKDF-SHA256 per strategy type, never per table or column, so the same value gives the same output',
    'everywhere under one seed and joins on anonymized columns still match. A missing seed is an error.',
    '',
    '## Uniqueness and collision bounds',
    '',
    'For a b-bit keyed hash, n distinct values collide with probability at most n²/2^(b+1) (birthday bound).',
    'At n = 10,000,000 (≈ 2^23.25):',
    '',
    '| strategy | bits kept | collision probability at 10M values |',
    '|---|---|---|',
    '| `email` | 96 (24 hex) | ≤ 6.3·10⁻¹⁶ |',
    '| `hash` (default length 32) | 128 | ≤ 1.5·10⁻²⁵ |',
    '| `hash` length 24 (shortest declared injective) | 96 | ≤ 6.3·10⁻¹⁶ |',
    '| `hash` length 16 | 64 | ≈ 2.7·10⁻⁶ (not injective) |',
    '| `hash` length 8 | 32 | ≈ 1 (collisions certain) |',
    '| `tokenize` | 128 | ≤ 1.5·10⁻²⁵ |',
    '| `fpe` | permutation | 0 (a bijection for each length) |',
    '',
    'The tests check that 1,000,000 distinct inputs give 1,000,000 distinct outputs for each of these.',
    '',
    '| type | does | accepts | deterministic | injective |',
    '|---|---|---|---|---|',
    ...strategyDefinitions.map(
      (d) =>
        `| [\`${d.type}\`](#${d.type}) | ${firstSentence(d.description)} | ${accepts(d)} | ${yes(d.contract.deterministic)} | ${yes(d.contract.injective)} |`,
    ),
    '',
  ];
  for (const definition of strategyDefinitions) lines.push(...section(definition));
  return lines.join('\n');
}

/**
 * Terminal help from the same definitions as the docs: a one-line list of every strategy, or the
 * whole section (contract, options, example) of `type`. Undefined for an unknown type.
 */
export function renderStrategyHelp(type?: string): string | undefined {
  if (type === undefined) {
    const width = Math.max(...strategyDefinitions.map((d) => d.type.length));
    return strategyDefinitions
      .map((d) => `${d.type.padEnd(width)}  ${firstSentence(d.description)}`)
      .join('\n');
  }
  const definition = strategyDefinitions.find((d) => d.type === type);
  return definition ? section(definition).join('\n') : undefined;
}

function section(d: AnyStrategyDefinition): string[] {
  const contract = contractOf(d, parseExample(d));
  const lines = [
    `## ${d.type}`,
    '',
    d.description,
    '',
    `Accepts: ${accepts(d)}.${d.sql ? ' Evaluated in SQL on the source (see below).' : ''}`,
    '',
    `Contract (with the example's options): ${CONTRACT_LABELS.map(([k, label]) => `${label}: ${yes(contract[k])}`).join('; ')}.`,
    ...(d.uniqueAlternative ? ['', `On a UNIQUE column, use ${d.uniqueAlternative} instead.`] : []),
    '',
    ...optionTable(d),
    '',
    ...example(d),
  ];
  for (const note of d.notes ?? []) lines.push('', note);
  lines.push('');
  return lines;
}

function optionTable(d: AnyStrategyDefinition): string[] {
  const shape = shapeOf(d.options);
  const keys = Object.keys(shape);
  if (keys.length === 0) return ['No options.'];
  return [
    '| option | type | default | meaning |',
    '|---|---|---|---|',
    ...keys.map((key) => {
      const schema = shape[key]!;
      return `| \`${key}\` | ${typeName(schema)} | ${defaultOf(schema)} | ${schema.description ?? ''} |`;
    }),
  ];
}

function example(d: AnyStrategyDefinition): string[] {
  const { options, input } = d.example;
  const yaml = Object.entries(options).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const lines = [
    'Example:',
    '',
    '```yaml',
    `- { column: c, strategy: ${d.type}${yaml.length ? `, ${yaml.join(', ')}` : ''} }`,
    '```',
    '',
  ];
  if (d.sql) {
    const sql = d.sql as (o: Record<string, unknown>, c: string, s: object) => string;
    lines.push(
      'SELECT-list expression for column `c` of table `t`:',
      '',
      '```sql',
      sql(parseExample(d), '"c"', { table: '"public"."t"' }),
      '```',
    );
    return lines;
  }
  if (d.type === 'dp') {
    lines.push(`\`${input}\` → a noisy number (random on every run, by design).`);
    return lines;
  }
  const sink: TokenSink = { record: () => undefined };
  const transform = createStrategy(d, options, {
    column: describeColumn('c', d.example.columnType ?? 'text'),
    keys: createKeyMaterial(DOCS_SEED),
    tokenSink: sink,
  });
  lines.push(`\`${show(input)}\` → \`${show(transform(input))}\` (seed \`${DOCS_SEED}\`)`);
  return lines;
}

function parseExample(d: AnyStrategyDefinition): Record<string, unknown> {
  return (d.options as z.ZodType).parse(d.example.options) as Record<string, unknown>;
}

function shapeOf(schema: unknown): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function typeName(schema: z.ZodType): string {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodEnum) {
    const values = inner.options as string[];
    // Faker's locales are too many for a table cell; every other choice is listed in full.
    return isFakeLocaleList(values)
      ? `one of ${values.length} locales (\`en\`, \`de\`, \`fr\`, ...)`
      : values.map((v) => `\`${v}\``).join(' \\| ');
  }
  if (inner instanceof z.ZodArray) return `list of ${typeName(inner.element as z.ZodType)}`;
  if (inner instanceof z.ZodTuple) return '[number, number]';
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).map(typeName).join(' \\| ');
  if (inner instanceof z.ZodLiteral) return `\`${String(inner.value)}\``;
  if (inner instanceof z.ZodRecord) return 'mapping';
  return inner.def.type;
}

function defaultOf(schema: z.ZodType): string {
  if (schema instanceof z.ZodDefault) return `\`${JSON.stringify(schema.def.defaultValue)}\``;
  return schema instanceof z.ZodOptional ? '—' : 'required';
}

function accepts(d: AnyStrategyDefinition): string {
  return d.accepts === 'any' ? 'any type' : d.accepts.join(', ');
}

function yes(value: boolean): string {
  return value ? 'yes' : 'no';
}

function firstSentence(text: string): string {
  const end = text.search(/\. (?=[A-Z])/);
  return (end > 0 ? text.slice(0, end + 1) : text).replace(/\|/g, '\\|');
}

function show(value: string | null): string {
  return value === null ? 'NULL' : value;
}

function isFakeLocaleList(values: readonly string[]): boolean {
  return values.length === FAKE_LOCALES.length && values.every((v, i) => v === FAKE_LOCALES[i]);
}
