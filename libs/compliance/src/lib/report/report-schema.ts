import { z } from 'zod';
import { THEMES } from '../catalog-schema';
import { EVIDENCE_KIND_NAMES } from '../evidence-kind';
import { REGULATION_IDS } from '../regulation-id';

/** The four outcomes of a requirement. */
export const REQUIREMENT_STATUSES = ['met', 'partial', 'unmet', 'not_applicable'] as const;

/** One of {@link REQUIREMENT_STATUSES}. */
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

const chainSchema = z.strictObject({
  ledger: z.string(),
  ok: z.boolean(),
  entries: z.number().int().nonnegative(),
  head: z.strictObject({ sequence: z.number().int().nonnegative(), entryHash: z.string() }),
  firstProblem: z
    .strictObject({ sequence: z.number().int(), kind: z.string(), message: z.string() })
    .optional(),
});

/** A verification check as the signed audit entry records it (counts, never values). */
export const recordedCheckSchema = z.object({
  name: z.string(),
  status: z.string(),
  detail: z.string().default(''),
  table: z.string().optional(),
  column: z.string().optional(),
  count: z.number().optional(),
});

/** One anonymized column of the last sync, as its records show it. */
export const anonymizedColumnSchema = z.strictObject({
  table: z.string(),
  column: z.string(),
  strategy: z.string(),
  rows: z.number().int().nonnegative(),
  /** Detected category from the last PII audit, when it lists the column. */
  category: z.string().optional(),
  reversible: z.boolean(),
  /** Where the means of reversal live, for reversible strategies. */
  keyLocation: z.string().optional(),
  verification: z.enum(['passed', 'failed', 'not_verified']),
  verificationDetail: z.string(),
  lineageSequence: z.number().int().positive(),
});

/** What the records of one target show: the inputs of every status rule. */
export const complianceEvidenceSchema = z.strictObject({
  database: z.string(),
  readAt: z.string(),
  lastSync: z.strictObject({
    runId: z.string(),
    auditSequence: z.number().int().positive(),
    status: z.string(),
    source: z.string(),
    target: z.string(),
    profile: z.strictObject({ name: z.string().optional(), sha256: z.string().optional() }),
    startedAt: z.string(),
    finishedAt: z.string(),
    tables: z.number().int().nonnegative(),
    rows: z.number().int().nonnegative(),
    verification: z.strictObject({
      state: z.enum(['passed', 'failed', 'skipped']),
      checks: z.array(recordedCheckSchema),
    }),
    /** The run's row in confiture.sync_runs (unsigned bookkeeping), when present. */
    runState: z.strictObject({ status: z.string(), phase: z.string() }).optional(),
  }),
  syncs: z.number().int().nonnegative(),
  /** Later runs that failed or are still marked running (from confiture.sync_runs). */
  laterIncompleteRuns: z.number().int().nonnegative(),
  columns: z.array(anonymizedColumnSchema),
  piiAudit: z
    .strictObject({
      id: z.number().int(),
      auditedAt: z.string(),
      piiColumns: z.number().int().nonnegative(),
      /** PII columns with no lineage entry in the last sync (and not declared safe). */
      unmapped: z.array(
        z.strictObject({ table: z.string(), column: z.string(), kind: z.string().optional() }),
      ),
      declaredSafe: z.array(
        z.strictObject({ table: z.string(), column: z.string(), reason: z.string() }),
      ),
      /** PII columns of tables the last sync wrote no row to (excluded or empty): nothing to anonymize. */
      inEmptyTables: z.array(z.strictObject({ table: z.string(), column: z.string() })),
    })
    .optional(),
  chains: z.strictObject({ auditLog: chainSchema, lineage: chainSchema, tokenAccess: chainSchema }),
  tokenAccess: z.strictObject({
    grants: z.array(
      z.strictObject({
        sequence: z.number(),
        principal: z.string(),
        level: z.string(),
        at: z.string(),
      }),
    ),
    reversals: z.array(
      z.strictObject({
        sequence: z.number(),
        principal: z.string(),
        outcome: z.string(),
        hasReason: z.boolean(),
        table: z.string().optional(),
        column: z.string().optional(),
        at: z.string(),
      }),
    ),
  }),
  breachRegister: z.strictObject({
    present: z.boolean(),
    incidents: z.number().int().nonnegative(),
  }),
});

/** {@link complianceEvidenceSchema}. */
export type ComplianceEvidence = z.infer<typeof complianceEvidenceSchema>;

/** The outcome of one evidence kind for a requirement. */
export const evidenceOutcomeSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KIND_NAMES),
  status: z.enum(REQUIREMENT_STATUSES),
  /** What the records (or the config) show, in one sentence, without any data value. */
  finding: z.string(),
  remediation: z.string().optional(),
});

/** {@link evidenceOutcomeSchema}. */
export type EvidenceOutcome = z.infer<typeof evidenceOutcomeSchema>;

const deadlineTextSchema = z.strictObject({ rule: z.string(), source: z.string() });

/** The JSON report: one document per regulation and target. */
export const complianceReportSchema = z.strictObject({
  kind: z.literal('confiture-compliance-report'),
  version: z.literal(1),
  id: z.uuid(),
  generatedAt: z.string(),
  regulation: z.strictObject({
    id: z.enum(REGULATION_IDS),
    name: z.string(),
    shortName: z.string(),
    jurisdiction: z.string(),
    authority: z.string(),
    recordTitle: z.string(),
    /** Whether compliance.yaml lists this regulation as applicable (undefined: not declared). */
    declaredApplicable: z.boolean().optional(),
  }),
  config: z.strictObject({ file: z.string().optional(), present: z.boolean() }),
  record: z.strictObject({
    controller: z.string().optional(),
    dpo: z.string().optional(),
    purposes: z.array(z.string()),
    dataSubjects: z.array(z.string()),
    dataCategories: z.array(z.string()),
    recipients: z.array(z.string()),
    transfers: z.array(z.string()),
    retention: z.string().optional(),
    securityMeasures: z.array(z.string()),
  }),
  summary: z.strictObject({
    met: z.number().int().nonnegative(),
    partial: z.number().int().nonnegative(),
    unmet: z.number().int().nonnegative(),
    notApplicable: z.number().int().nonnegative(),
    /** met ÷ applicable requirements, in percent, rounded down. */
    coveragePercent: z.number().int().min(0).max(100),
  }),
  requirements: z.array(
    z.strictObject({
      id: z.string(),
      reference: z.string(),
      title: z.string(),
      theme: z.enum(THEMES),
      status: z.enum(REQUIREMENT_STATUSES),
      evidence: z.array(evidenceOutcomeSchema),
      remediation: z.array(z.string()),
      source: z.string(),
    }),
  ),
  rights: z.array(
    z.strictObject({
      right: z.string(),
      reference: z.string(),
      deadline: deadlineTextSchema,
      extension: deadlineTextSchema.extend({ condition: z.string() }).optional(),
    }),
  ),
  breachRules: z.array(
    z.strictObject({
      recipient: z.string(),
      to: z.string(),
      deadline: deadlineTextSchema,
      runsFrom: z.string(),
      threshold: z.string(),
    }),
  ),
  evidence: complianceEvidenceSchema,
  notes: z.array(z.string()),
  disclaimer: z.string(),
});

/** {@link complianceReportSchema}. */
export type ComplianceReport = z.infer<typeof complianceReportSchema>;
