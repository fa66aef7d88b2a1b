import { ConfitureError, formatQualifiedName, parseQualifiedName } from '@confiture/domain';
import { readLastAudit } from '@confiture/governance';
import {
  hasSecuritySchema,
  listAuditEntries,
  listLineageEntries,
  listTokenAccessLog,
  listTokenGrants,
  verifyAuditChain,
  verifyLineageChain,
  verifyTokenAccessChain,
  type AuditEntry,
  type AuditKey,
  type ChainVerification,
} from '@confiture/security';
import type { ClientBase } from 'pg';
import { complianceEventOf } from './audit-events';
import { hasBreachRegister } from './breach/breach-schema';
import type { ComplianceConfig } from './compliance-config';
import {
  complianceEvidenceSchema,
  recordedCheckSchema,
  type ComplianceEvidence,
} from './report/report-schema';

/** Strategies whose output can be turned back into the original with a key. */
const REVERSIBLE: Record<string, string> = {
  tokenize:
    "originals encrypted (AES-256-GCM) in the target's confiture.tokens; data keys wrapped by the profile's key provider, never stored in clear",
  fpe: "reversible with the FF3-1 key held by the profile's key provider; no key is stored in the target",
};

/** `public.users` and `users` name the same table. */
function normalTable(name: string): string {
  try {
    return formatQualifiedName(parseQualifiedName(name));
  } catch {
    return name;
  }
}

const columnKey = (table: string, column: string) => `${normalTable(table)}\u0000${column}`;

/**
 * Reads what the records of a target show, and nothing else: the last sync's signed audit entry
 * and its lineage, the verification of the three signed chains, token grants and reversals, the
 * last PII audit and the breach register. Throws NOT_FOUND when the database holds no sync record.
 * Every read goes through the public API of `@confiture/security` and `@confiture/governance`,
 * except `confiture.sync_runs` (the sync library is not a dependency of this one): one query.
 */
export async function readComplianceEvidence(
  client: ClientBase,
  options: { auditKey: AuditKey; config?: ComplianceConfig; now?: Date },
): Promise<ComplianceEvidence> {
  const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!
    .db;
  const noSync = () =>
    new ConfitureError(
      'NOT_FOUND',
      `database "${database}" has no sync record: confiture.audit_log holds no sync`,
      {
        hint: 'Point --env at the target of a `confiture sync` (the database its audit log was written to), or run a sync first.',
      },
    );
  if (!(await hasSecuritySchema(client))) throw noSync();
  const entries = await listAuditEntries(client, { limit: 100_000 });
  const syncs = entries.filter((entry) => complianceEventOf(entry) === undefined);
  const last = syncs[0];
  if (!last) throw noSync();
  // One connection: the reads run one after the other (each opens its own TypeORM data source).
  const lineage = await listLineageEntries(client, { runId: last.runId });
  const auditLog = await verifyAuditChain(client, options.auditKey);
  const lineageChain = await verifyLineageChain(client, options.auditKey);
  const tokenChain = await verifyTokenAccessChain(client, options.auditKey);
  const accessLog = await listTokenAccessLog(client);
  const { grants } = await listTokenGrants(client, options.auditKey);
  const piiAudit = await readLastAudit(client);
  const runs = await readSyncRuns(client, last);
  const register = await readRegister(client);
  const verification = verificationOf(last);
  const detected = new Map<string, string | undefined>(
    (piiAudit?.columns ?? [])
      .filter((c) => c.pii)
      .map((c) => [columnKey(c.table, c.column), c.kind]),
  );
  const columns = lineage.map((entry) => {
    const failed = verification.checks.filter(
      (c) =>
        c.status === 'failed' &&
        c.column === entry.column &&
        c.table !== undefined &&
        normalTable(c.table) === normalTable(entry.table),
    );
    const reversible = REVERSIBLE[entry.strategy];
    const category = detected.get(columnKey(entry.table, entry.column));
    return {
      table: normalTable(entry.table),
      column: entry.column,
      strategy: entry.strategy,
      rows: entry.rows,
      ...(category ? { category } : {}),
      reversible: reversible !== undefined,
      ...(reversible ? { keyLocation: reversible } : {}),
      ...columnVerification(verification, failed),
      lineageSequence: entry.sequence,
    };
  });
  const anonymized = new Set(lineage.map((e) => columnKey(e.table, e.column)));
  const safe = new Map(
    (options.config?.declared_safe ?? []).map((s) => [columnKey(s.table, s.column), s]),
  );
  // A table the last sync wrote no row to (excluded, or empty) holds no personal data of its.
  const emptyTables = new Set(
    Object.entries(last.rowsPerTable)
      .filter(([, rows]) => rows === 0)
      .map(([table]) => normalTable(table)),
  );
  const piiColumns = (piiAudit?.columns ?? []).filter((c) => c.pii);
  const uncovered = piiColumns.filter((c) => !anonymized.has(columnKey(c.table, c.column)));
  return complianceEvidenceSchema.parse({
    database,
    readAt: (options.now ?? new Date()).toISOString(),
    lastSync: {
      runId: last.runId,
      auditSequence: last.sequence,
      status: last.status,
      source: last.source,
      target: last.target,
      profile: {
        ...(last.profile.name ? { name: last.profile.name } : {}),
        ...(last.profile.sha256 ? { sha256: last.profile.sha256 } : {}),
      },
      startedAt: last.startedAt,
      finishedAt: last.finishedAt,
      tables: last.tables.length,
      rows: Object.values(last.rowsPerTable).reduce((a, b) => a + b, 0),
      verification,
      ...(runs.state ? { runState: runs.state } : {}),
    },
    syncs: syncs.length,
    laterIncompleteRuns: runs.laterIncomplete,
    columns,
    ...(piiAudit
      ? {
          piiAudit: {
            id: piiAudit.id,
            auditedAt: piiAudit.auditedAt,
            piiColumns: piiColumns.length,
            unmapped: uncovered
              .filter(
                (c) =>
                  !safe.has(columnKey(c.table, c.column)) && !emptyTables.has(normalTable(c.table)),
              )
              .map((c) => ({
                table: normalTable(c.table),
                column: c.column,
                ...(c.kind ? { kind: c.kind } : {}),
              })),
            inEmptyTables: uncovered
              .filter((c) => emptyTables.has(normalTable(c.table)))
              .map((c) => ({ table: normalTable(c.table), column: c.column })),
            declaredSafe: uncovered
              .filter((c) => safe.has(columnKey(c.table, c.column)))
              .map((c) => ({
                table: normalTable(c.table),
                column: c.column,
                reason: safe.get(columnKey(c.table, c.column))!.reason,
              })),
          },
        }
      : {}),
    chains: {
      auditLog: chain(auditLog),
      lineage: chain(lineageChain),
      tokenAccess: chain(tokenChain),
    },
    tokenAccess: {
      grants: grants.map((g) => ({
        sequence: g.sequence,
        principal: g.principal,
        level: g.accessLevel,
        at: g.recordedAt,
      })),
      reversals: accessLog
        .filter((e) => e.event === 'reverse')
        .map((e) => ({
          sequence: e.sequence,
          principal: e.principal,
          outcome: e.outcome,
          hasReason: e.hasReason,
          ...(e.table ? { table: e.table } : {}),
          ...(e.column ? { column: e.column } : {}),
          at: e.recordedAt,
        })),
    },
    breachRegister: register,
  });
}

function chain(result: ChainVerification) {
  return {
    ledger: result.ledger,
    ok: result.ok,
    entries: result.entries,
    head: { sequence: result.head.sequence, entryHash: result.head.entryHash },
    ...(result.firstProblem ? { firstProblem: { ...result.firstProblem } } : {}),
  };
}

/** The verification recorded in a sync's signed audit entry. */
function verificationOf(entry: AuditEntry): ComplianceEvidence['lastSync']['verification'] {
  const recorded = entry.verification;
  if (recorded['skipped'] === true || !Array.isArray(recorded['checks'])) {
    return { state: 'skipped', checks: [] };
  }
  const checks = (recorded['checks'] as unknown[]).flatMap((check) => {
    const parsed = recordedCheckSchema.safeParse(check);
    return parsed.success ? [parsed.data] : [];
  });
  return { state: recorded['passed'] === true ? 'passed' : 'failed', checks };
}

function columnVerification(
  verification: ComplianceEvidence['lastSync']['verification'],
  failed: ComplianceEvidence['lastSync']['verification']['checks'],
): { verification: 'passed' | 'failed' | 'not_verified'; verificationDetail: string } {
  if (verification.state === 'skipped') {
    return {
      verification: 'not_verified',
      verificationDetail: 'the sync ran without verification',
    };
  }
  if (failed.length > 0) {
    return {
      verification: 'failed',
      verificationDetail: failed.map((c) => `${c.name}: ${c.detail}`).join('; '),
    };
  }
  const passed = verification.checks.filter((c) => c.status === 'passed').map((c) => c.name);
  return {
    verification: 'passed',
    verificationDetail: `no check failed for this column (${[...new Set(passed)].join(', ') || 'no named check'} passed)`,
  };
}

/**
 * The last sync's row in `confiture.sync_runs` and how many later runs failed or never finished.
 * This table is the sync engine's unsigned bookkeeping, read with one query because this library
 * may not depend on `@confiture/sync` (see eslint depConstraints).
 */
async function readSyncRuns(
  client: ClientBase,
  last: AuditEntry,
): Promise<{ state?: { status: string; phase: string }; laterIncomplete: number }> {
  const present = await client.query<{ ok: boolean }>(
    `SELECT to_regclass('confiture.sync_runs') IS NOT NULL AS ok`,
  );
  if (!present.rows[0]?.ok) return { laterIncomplete: 0 };
  const { rows } = await client.query<{
    run_id: string;
    status: string;
    phase: string;
    started_at: Date;
  }>(`SELECT run_id::text, status, phase, started_at FROM confiture.sync_runs ORDER BY started_at`);
  const own = rows.find((r) => r.run_id === last.runId);
  const since = own?.started_at.getTime() ?? Date.parse(last.startedAt);
  return {
    ...(own ? { state: { status: own.status, phase: own.phase } } : {}),
    laterIncomplete: rows.filter(
      (r) => r.run_id !== last.runId && r.started_at.getTime() > since && r.status !== 'completed',
    ).length,
  };
}

async function readRegister(client: ClientBase): Promise<{ present: boolean; incidents: number }> {
  if (!(await hasBreachRegister(client))) return { present: false, incidents: 0 };
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM confiture.breach_incidents',
  );
  return { present: true, incidents: Number(rows[0]!.n) };
}
