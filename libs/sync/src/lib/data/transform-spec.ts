import { randomBytes } from 'node:crypto';
import { formatQualifiedName } from '@confiture/domain';
import type { TableTransformSpec } from '@confiture/performance';
import type { HmacBackend } from '@confiture/strategies';
import { columnInfo, ruleAppliedInStream, type TablePlan } from '../plan/plan';
import type { RuleSeeds } from '../preflight/seeds';

/**
 * The transform spec of a table (plain data, sent as is to worker threads), or undefined when no
 * column needs a JavaScript transform: then its COPY bytes pass straight through.
 */
export function transformSpec(
  table: TablePlan,
  seeds: RuleSeeds,
  hmacBackend: HmacBackend,
): TableTransformSpec | undefined {
  const columns = table.columns.map((c) => {
    const rule = ruleAppliedInStream(c);
    const seed = rule ? seeds.get(rule.path) : undefined;
    return {
      column: columnInfo(table.catalog, c.catalog),
      ...(rule ? { rule } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
  });
  if (!columns.some((c) => c.rule)) return undefined;
  const label = formatQualifiedName(table.name);
  return { id: `${label}#${randomBytes(4).toString('hex')}`, table: label, columns, hmacBackend };
}
