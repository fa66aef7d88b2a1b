import { randomUUID } from 'node:crypto';
import {
  appendAuditEntry,
  currentActor,
  type AuditEntry,
  type AuditKey,
} from '@confiture/security';
import type { ClientBase } from 'pg';

/** Kinds of compliance events Confiture signs into the audit log. */
export type ComplianceEventKind =
  'compliance-report' | 'breach-incident-recorded' | 'breach-notice-recorded';

/**
 * The audit log's entries are shaped for syncs; a compliance event is stored as one with no
 * tables, its SHA-256 as the "profile" hash and `verification.confiture_event` naming its kind,
 * so that it is signed and chained like every other entry (and `confiture audit verify` proves it).
 */
export async function appendComplianceEvent(
  client: ClientBase,
  event: {
    kind: ComplianceEventKind;
    /** A UUID identifying the event's subject (report id, incident id); a fresh one by default. */
    id?: string;
    sha256: string;
    /** The database label the event concerns. */
    target: string;
    details: Record<string, string | number | boolean | null>;
  },
  key: AuditKey,
): Promise<AuditEntry> {
  const actor = currentActor();
  const now = new Date();
  return appendAuditEntry(
    client,
    {
      runId: event.id ?? randomUUID(),
      osUser: actor.osUser,
      host: actor.host,
      source: 'confiture compliance',
      target: event.target,
      profile: { name: `compliance:${event.kind}`, sha256: event.sha256 },
      tables: [],
      rowsPerTable: {},
      strategies: {},
      verification: { confiture_event: event.kind, sha256: event.sha256, ...event.details },
      startedAt: now,
      finishedAt: now,
      status: 'succeeded',
    },
    key,
  );
}

/** The kind of compliance event an audit entry records, or undefined for a sync's entry. */
export function complianceEventOf(entry: AuditEntry): ComplianceEventKind | undefined {
  const kind = entry.verification['confiture_event'];
  return typeof kind === 'string' ? (kind as ComplianceEventKind) : undefined;
}
