import { createHash, randomUUID } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import {
  canonicalJson,
  currentActor,
  ensureSecuritySchema,
  listAuditEntries,
  type AuditKey,
} from '@confiture/security';
import type { ClientBase } from 'pg';
import { appendComplianceEvent } from '../audit-events';
import type { RegulationId } from '../regulation-id';
import type { IncidentInput, Severity } from './breach-incident';
import { ensureBreachRegister, hasBreachRegister } from './breach-schema';

/** An incident as the register holds it, with whether its signed audit entry still matches. */
export interface IncidentRecord extends IncidentInput {
  id: string;
  recordedAt: string;
  recordedBy: string;
  sha256: string;
  auditSequence: number;
  /** `signed`: the row matches the audit entry that recorded it; otherwise what is wrong. */
  proof: 'signed' | 'altered' | 'unsigned';
  notifications: NotificationRecord[];
}

/** A notice recorded as sent. */
export interface NotificationRecord {
  id: string;
  regulation: string;
  recipient: 'authority' | 'subjects' | 'assessment';
  notifiedAt: string;
  recordedBy: string;
  proof: 'signed' | 'altered' | 'unsigned';
}

function sha256(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(value as never), 'utf8')
    .digest('hex');
}

function incidentDigest(record: { id: string; recordedBy: string } & IncidentInput): string {
  return sha256({
    id: record.id,
    detectedAt: record.detectedAt,
    severity: record.severity,
    categories: record.categories,
    subjects: record.subjects,
    regions: record.regions,
    recordedBy: record.recordedBy,
  });
}

function notificationDigest(n: {
  id: string;
  incidentId: string;
  regulation: string;
  recipient: string;
  notifiedAt: string;
  recordedBy: string;
}): string {
  return sha256(n);
}

async function databaseLabel(client: ClientBase): Promise<string> {
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  return `database ${rows[0]?.db ?? '?'}`;
}

function recorder(): string {
  const actor = currentActor();
  return `${actor.osUser}@${actor.host}`;
}

/**
 * Records an incident: the register is created when missing, the signed audit entry is appended
 * first (event `breach-incident-recorded`, with the record's SHA-256), then the append-only row
 * that points to it. Validate the input with `parseIncidentFlags` before calling: nothing here is
 * written for invalid input because nothing reaches here.
 */
export async function recordIncident(
  client: ClientBase,
  input: IncidentInput,
  auditKey: AuditKey,
): Promise<IncidentRecord> {
  await ensureSecuritySchema(client);
  await ensureBreachRegister(client);
  const id = randomUUID();
  const recordedBy = recorder();
  const digest = incidentDigest({ id, recordedBy, ...input });
  const entry = await appendComplianceEvent(
    client,
    {
      kind: 'breach-incident-recorded',
      id,
      sha256: digest,
      target: await databaseLabel(client),
      details: { incident: id, severity: input.severity, subjects: input.subjects },
    },
    auditKey,
  );
  const { rows } = await client.query<{ recorded_at: Date }>(
    `INSERT INTO confiture.breach_incidents
       (id, detected_at, detected_at_text, severity, categories, subjects, regions, recorded_by, record_sha256, audit_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING recorded_at`,
    [
      id,
      input.detectedAt,
      input.detectedAt,
      input.severity,
      input.categories,
      input.subjects,
      input.regions,
      recordedBy,
      digest,
      entry.sequence,
    ],
  );
  return {
    id,
    ...input,
    recordedAt: rows[0]!.recorded_at.toISOString(),
    recordedBy,
    sha256: digest,
    auditSequence: entry.sequence,
    proof: 'signed',
    notifications: [],
  };
}

/** Records that a notice was sent (append-only, signed into the audit log like the incident). */
export async function recordNotification(
  client: ClientBase,
  notice: {
    incidentId: string;
    regulation: RegulationId;
    recipient: 'authority' | 'subjects' | 'assessment';
    notifiedAt: string;
  },
  auditKey: AuditKey,
): Promise<NotificationRecord> {
  await getIncident(client, notice.incidentId);
  const id = randomUUID();
  const recordedBy = recorder();
  const digest = notificationDigest({ id, ...notice, recordedBy });
  const entry = await appendComplianceEvent(
    client,
    {
      kind: 'breach-notice-recorded',
      id,
      sha256: digest,
      target: await databaseLabel(client),
      details: {
        incident: notice.incidentId,
        regulation: notice.regulation,
        recipient: notice.recipient,
      },
    },
    auditKey,
  );
  await client.query(
    `INSERT INTO confiture.breach_notifications
       (id, incident_id, regulation, recipient, notified_at, recorded_by, record_sha256, audit_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      notice.incidentId,
      notice.regulation,
      notice.recipient,
      notice.notifiedAt,
      recordedBy,
      digest,
      entry.sequence,
    ],
  );
  return {
    id,
    regulation: notice.regulation,
    recipient: notice.recipient,
    notifiedAt: notice.notifiedAt,
    recordedBy,
    proof: 'signed',
  };
}

interface IncidentRow {
  id: string;
  recorded_at: Date;
  detected_at_text: string;
  severity: Severity;
  categories: string[];
  subjects: string;
  regions: string[];
  recorded_by: string;
  record_sha256: string;
  audit_sequence: string;
}

interface NotificationRow {
  id: string;
  incident_id: string;
  regulation: string;
  recipient: NotificationRecord['recipient'];
  notified_at: Date;
  recorded_by: string;
  record_sha256: string;
}

/**
 * Every incident of the register, newest first, each checked against the audit entry that
 * recorded it (a row changed by someone who disabled the trigger shows as `altered`). An absent
 * register is an empty list.
 */
export async function listIncidents(
  client: ClientBase,
  options: { id?: string } = {},
): Promise<IncidentRecord[]> {
  if (!(await hasBreachRegister(client))) return [];
  const { rows } = await client.query<IncidentRow>(
    `SELECT id, recorded_at, detected_at_text, severity, categories, subjects::text, regions, recorded_by,
            record_sha256, audit_sequence::text
       FROM confiture.breach_incidents ${options.id ? 'WHERE id = $1' : ''} ORDER BY recorded_at DESC, id`,
    options.id ? [options.id] : [],
  );
  const notices = await client.query<NotificationRow>(
    `SELECT id, incident_id, regulation, recipient, notified_at, recorded_by, record_sha256
       FROM confiture.breach_notifications ORDER BY notified_at`,
  );
  const signed = await signedDigests(client);
  return rows.map((row) => {
    const record = {
      id: row.id,
      detectedAt: row.detected_at_text,
      severity: row.severity,
      categories: row.categories as IncidentInput['categories'],
      subjects: Number(row.subjects),
      regions: row.regions,
    };
    const digest = incidentDigest({ ...record, recordedBy: row.recorded_by });
    return {
      ...record,
      recordedAt: row.recorded_at.toISOString(),
      recordedBy: row.recorded_by,
      sha256: row.record_sha256,
      auditSequence: Number(row.audit_sequence),
      proof: proofOf(signed.get(row.id), digest, row.record_sha256),
      notifications: notices.rows
        .filter((n) => n.incident_id === row.id)
        .map((n) => {
          const notifiedAt = n.notified_at.toISOString();
          const digestOfNotice = notificationDigest({
            id: n.id,
            incidentId: n.incident_id,
            regulation: n.regulation,
            recipient: n.recipient,
            notifiedAt,
            recordedBy: n.recorded_by,
          });
          return {
            id: n.id,
            regulation: n.regulation,
            recipient: n.recipient,
            notifiedAt,
            recordedBy: n.recorded_by,
            proof: proofOf(signed.get(n.id), digestOfNotice, n.record_sha256),
          };
        }),
    };
  });
}

function proofOf(
  signedDigest: string | undefined,
  computed: string,
  stored: string,
): IncidentRecord['proof'] {
  if (signedDigest === undefined) return 'unsigned';
  return signedDigest === computed && stored === computed ? 'signed' : 'altered';
}

/** The SHA-256 each breach event of the audit log signed, by the id of what it recorded. */
async function signedDigests(client: ClientBase): Promise<Map<string, string>> {
  const entries = await listAuditEntries(client, { limit: 100_000 });
  const digests = new Map<string, string>();
  for (const entry of entries) {
    const kind = entry.verification['confiture_event'];
    const digest = entry.verification['sha256'];
    if (
      (kind === 'breach-incident-recorded' || kind === 'breach-notice-recorded') &&
      typeof digest === 'string'
    ) {
      digests.set(entry.runId, digest);
    }
  }
  return digests;
}

/** One incident, or NOT_FOUND naming the id. */
export async function getIncident(client: ClientBase, id: string): Promise<IncidentRecord> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new ConfitureError('INPUT_INVALID', `incident id "${id}" is not a UUID`, {
      hint: 'Use the id `confiture breach record` printed, or see `confiture breach list`.',
    });
  }
  const [incident] = await listIncidents(client, { id: id.toLowerCase() });
  if (!incident) {
    throw new ConfitureError('NOT_FOUND', `no incident ${id} in confiture.breach_incidents`, {
      hint: 'See `confiture breach list --env <the same database>`.',
    });
  }
  return incident;
}
