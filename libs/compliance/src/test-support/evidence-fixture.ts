import type { ComplianceConfig } from '../lib/compliance-config';
import type { ComplianceEvidence } from '../lib/report/report-schema';

const chain = (ledger: string, entries: number) => ({
  ledger,
  ok: true,
  entries,
  head: { sequence: entries, entryHash: 'a'.repeat(64) },
});

/** Evidence of a clean, verified sync with two anonymized columns, one of them tokenized. */
export function cleanEvidence(overrides: Partial<ComplianceEvidence> = {}): ComplianceEvidence {
  return {
    database: 'shop_staging',
    readAt: '2026-03-02T10:00:00.000Z',
    lastSync: {
      runId: '7b0c5a7e-3b8e-4f4e-9d7f-1c2d3e4f5a6b',
      auditSequence: 1,
      status: 'succeeded',
      source: 'production (app@db1:5432/shop)',
      target: 'staging (app@db2:5432/shop)',
      profile: { name: 'demo-shop', sha256: 'c'.repeat(64) },
      startedAt: '2026-03-01T02:00:00.000Z',
      finishedAt: '2026-03-01T02:05:00.000Z',
      tables: 2,
      rows: 1500,
      verification: {
        state: 'passed',
        checks: [
          {
            name: 'no-source-values',
            status: 'passed',
            detail: '2 of 2 anonymized columns contain none of their source values',
          },
          { name: 'row-counts', status: 'passed', detail: 'ok' },
        ],
      },
      runState: { status: 'completed', phase: 'done' },
    },
    syncs: 1,
    laterIncompleteRuns: 0,
    columns: [
      {
        table: 'public.users',
        column: 'email',
        strategy: 'email',
        rows: 1000,
        category: 'email',
        reversible: false,
        verification: 'passed',
        verificationDetail: 'no check failed',
        lineageSequence: 1,
      },
      {
        table: 'public.users',
        column: 'ssn',
        strategy: 'tokenize',
        rows: 1000,
        category: 'national_id',
        reversible: true,
        keyLocation: 'confiture.tokens',
        verification: 'passed',
        verificationDetail: 'no check failed',
        lineageSequence: 2,
      },
    ],
    piiAudit: {
      id: 1,
      auditedAt: '2026-03-01T03:00:00.000Z',
      piiColumns: 2,
      unmapped: [],
      declaredSafe: [],
      inEmptyTables: [],
    },
    chains: {
      auditLog: chain('audit_log', 1),
      lineage: chain('lineage', 2),
      tokenAccess: chain('token_access_log', 2),
    },
    tokenAccess: {
      grants: [
        {
          sequence: 1,
          principal: 'alice',
          level: 'REVERSE_WITH_REASON',
          at: '2026-03-01T04:00:00.000Z',
        },
      ],
      reversals: [
        {
          sequence: 2,
          principal: 'alice',
          outcome: 'granted',
          hasReason: true,
          table: 'public.users',
          column: 'ssn',
          at: '2026-03-01T05:00:00.000Z',
        },
      ],
    },
    breachRegister: { present: true, incidents: 0 },
    ...overrides,
  };
}

/** A complete compliance.yaml, as parsed. */
export function fullConfig(overrides: Partial<ComplianceConfig> = {}): ComplianceConfig {
  return {
    version: 1,
    controller: { name: 'Acme Shop SAS', contact: 'privacy@acme.example' },
    dpo: { name: 'Data Protection Office', contact: 'dpo@acme.example' },
    purposes: [
      {
        name: 'debugging production-only defects on a staging copy',
        legal_basis: 'legitimate interests (GDPR Art. 6(1)(f))',
      },
    ],
    data_subjects: ['customers'],
    data_categories: ['contact details', 'payment data'],
    recipients: [],
    retention: {
      copy: 'replaced weekly, dropped after 30 days',
      records: 'audit log kept 6 years',
    },
    transfers: [],
    breach: { contact: 'security@acme.example' },
    subject_requests: { contact: 'privacy@acme.example' },
    ...overrides,
  };
}
