import { quoteIdent, type QualifiedName } from '@confiture/domain';
import type { SchemaNode } from './schema-node';
import { qualified } from './sql-text';

/** `tgenabled` / `ev_enabled` values other than the default `O` (enabled, origin). */
const STATE: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };

/**
 * `ALTER TABLE t DISABLE | ENABLE REPLICA | ENABLE ALWAYS TRIGGER|RULE name` after the trigger or
 * rule of node `key` exists, when its state is not the default; nothing otherwise.
 */
export function enabledStateNodes(
  what: 'TRIGGER' | 'RULE',
  enabled: string,
  target: { key: string; name: string; object: string; table: QualifiedName },
): SchemaNode[] {
  const state = STATE[enabled];
  if (!state) return [];
  return [
    {
      key: `state:${target.key}`,
      dependsOn: [target.key],
      statement: {
        phase: 'post-data',
        kind: what === 'TRIGGER' ? 'trigger-state' : 'rule-state',
        object: target.object,
        table: target.table,
        sql: `ALTER TABLE ${qualified(target.table.schema, target.table.name)} ${state} ${what} ${quoteIdent(target.name)}`,
      },
    },
  ];
}
