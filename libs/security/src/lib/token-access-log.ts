import type { ClientBase } from 'pg';
import { TokenAccessEntity } from './security-entities';
import { requireSecuritySchema, withSecurityDataSource } from './security-store';

/** One grant or reversal attempt as the token access log holds it; never an original value. */
export interface TokenAccessRecord {
  sequence: number;
  recordedAt: string;
  event: 'grant' | 'reverse' | string;
  principal: string;
  accessLevel: string;
  outcome: 'granted' | 'refused' | string;
  table?: string;
  column?: string;
  /** Whether the attempt gave a reason (the reason's text is not returned: it may quote a ticket). */
  hasReason: boolean;
  osUser: string;
  host: string;
}

/** Every entry of `confiture.token_access_log`, in chain order. Reading needs no key. */
export async function listTokenAccessLog(client: ClientBase): Promise<TokenAccessRecord[]> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, async (dataSource) => {
    const rows = await dataSource
      .getRepository(TokenAccessEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.sequence', 'ASC')
      .getMany();
    return rows.map((row) => ({
      sequence: row.sequence,
      recordedAt: row.recordedAt.toISOString(),
      event: row.event,
      principal: row.principal,
      accessLevel: row.accessLevel,
      outcome: row.outcome,
      ...(row.tableName ? { table: row.tableName } : {}),
      ...(row.columnName ? { column: row.columnName } : {}),
      hasReason: (row.reason ?? '').trim().length > 0,
      osUser: row.osUser,
      host: row.host,
    }));
  });
}
