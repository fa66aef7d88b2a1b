import {
  formatQualifiedName,
  quoteIdent,
  quoteQualified,
  type RuleSample,
} from '@confiture/domain';
import { compileTableTransform, decodeCopyField, encodeCopyField } from '@confiture/performance';
import type pg from 'pg';
import { columnInfo, type SyncPlan } from '../plan/plan';
import { maskSampleValue } from './sample-mask';
import type { RuleSeeds } from './seeds';

/** Source rows shown per rule by `--dry-run`. */
const SAMPLE_ROWS = 3;

/**
 * Before/after examples of every rule, from a few source rows (`--dry-run`; nothing is written).
 * The "before" side is masked (`maskSampleValue`) unless `before` is `raw`.
 */
export async function sampleRules(
  source: pg.ClientBase,
  plan: SyncPlan,
  seeds: RuleSeeds,
  before: 'masked' | 'raw' = 'masked',
): Promise<RuleSample[]> {
  const shown = (value: string | null) =>
    value === null || before === 'raw' ? value : maskSampleValue(value);
  const samples: RuleSample[] = [];
  for (const table of plan.tables) {
    if (table.excluded) continue;
    const label = formatQualifiedName(table.name);
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule || rule.type === 'preserve') continue;
      const quoted = quoteIdent(column.name);
      const from = `ONLY ${quoteQualified(table.name)}`;
      const base = { table: label, column: column.name, strategy: rule.strategy, type: rule.type };
      if (column.sql !== undefined) {
        const { rows } = await source.query<{ before: string | null; after: string | null }>(
          `SELECT ${quoted}::text AS before, (${column.sql})::text AS after FROM ${from} WHERE ${quoted} IS NOT NULL LIMIT ${SAMPLE_ROWS}`,
        );
        samples.push({
          ...base,
          samples: rows.map((r) => ({ before: shown(r.before), after: r.after })),
        });
        continue;
      }
      const { rows } = await source.query<{ v: string }>(
        `SELECT ${quoted}::text AS v FROM ${from} WHERE ${quoted} IS NOT NULL LIMIT ${SAMPLE_ROWS}`,
      );
      if (rows.length === 0) {
        samples.push({ ...base, samples: [], note: 'no non-null values to show' });
        continue;
      }
      const seed = seeds.get(rule.path);
      const transform = compileTableTransform({
        id: `sample:${label}:${column.name}`,
        table: label,
        columns: [
          {
            column: columnInfo(table.catalog, column.catalog),
            rule,
            ...(seed !== undefined ? { seed } : {}),
          },
        ],
      });
      samples.push({
        ...base,
        samples: rows.map((row) => {
          const line = transform(Buffer.from(encodeCopyField(row.v) + '\n', 'utf8')).data;
          const after = decodeCopyField(line.toString('utf8').slice(0, -1));
          return { before: shown(row.v), after };
        }),
      });
    }
  }
  return samples;
}
