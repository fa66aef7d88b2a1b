import type { ComplianceConfig } from './compliance-config';
import type { EvidenceKind } from './evidence-kind';
import type {
  ComplianceEvidence,
  EvidenceOutcome,
  RequirementStatus,
} from './report/report-schema';

type Rule = (
  evidence: ComplianceEvidence,
  config: ComplianceConfig | undefined,
) => Omit<EvidenceOutcome, 'kind'>;

const CONFIG_HINT =
  'Declare it in compliance.yaml (see examples/compliance.yaml) and pass --config.';

const met = (finding: string) => ({ status: 'met' as const, finding });
const unmet = (finding: string, remediation: string) => ({
  status: 'unmet' as const,
  finding,
  remediation,
});
const partial = (finding: string, remediation: string) => ({
  status: 'partial' as const,
  finding,
  remediation,
});
const na = (finding: string) => ({ status: 'not_applicable' as const, finding });

const listed = (items: readonly string[], max = 8) =>
  items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

function chainRule(name: 'auditLog' | 'lineage' | 'tokenAccess', table: string): Rule {
  return (evidence) => {
    const chain = evidence.chains[name];
    if (!chain.ok) {
      const p = chain.firstProblem;
      return unmet(
        `confiture.${table} does not verify: entry ${p?.sequence} ${p?.kind} (${p?.message})`,
        `Run \`confiture ${table === 'lineage' ? 'lineage' : 'audit'} verify\`, investigate the change, and restore the table from a backup; the records cannot prove anything until the chain verifies.`,
      );
    }
    return met(
      `confiture.${table} verifies: ${chain.entries} signed entries, head ${chain.head.sequence} ${chain.head.entryHash.slice(0, 12)}`,
    );
  };
}

/** The rule deciding each evidence kind: from records, or from the controller's declarations. */
export const EVIDENCE_RULES: Record<EvidenceKind, Rule> = {
  controller_identity: (_, config) =>
    config
      ? met(`controller declared: ${config.controller.name}`)
      : unmet('no compliance.yaml was given: the records name no controller', CONFIG_HINT),
  dpo_contact: (_, config) => {
    if (!config?.dpo)
      return unmet(
        'no DPO / officer is declared',
        `Declare \`dpo: { name, contact }\`, or \`dpo: { required: false, reason }\`. ${CONFIG_HINT}`,
      );
    if ('required' in config.dpo) return na(`declared not required: ${config.dpo.reason}`);
    return met(`officer declared: ${config.dpo.name}`);
  },
  purposes_declared: (_, config) => {
    const purposes = config?.purposes ?? [];
    if (purposes.length === 0)
      return unmet(
        'no purpose is declared',
        `List \`purposes:\` with their legal_basis. ${CONFIG_HINT}`,
      );
    const without = purposes.filter((p) => !p.legal_basis).map((p) => p.name);
    if (without.length > 0)
      return partial(
        `${purposes.length} purpose(s) declared; without a legal basis: ${listed(without)}`,
        'Give each purpose its `legal_basis`.',
      );
    return met(`${purposes.length} purpose(s) declared, each with its legal basis`);
  },
  data_categories_declared: (evidence, config) => {
    const subjects = config?.data_subjects ?? [];
    const categories = config?.data_categories ?? [];
    if (subjects.length > 0 && categories.length > 0)
      return met(
        `${subjects.length} categories of data subjects, ${categories.length} of personal data declared`,
      );
    const detected = evidence.piiAudit
      ? `; the last PII audit found ${evidence.piiAudit.piiColumns} PII column(s)`
      : '';
    if (subjects.length > 0 || categories.length > 0)
      return partial(
        `only ${subjects.length > 0 ? 'data_subjects' : 'data_categories'} is declared${detected}`,
        'Declare both `data_subjects:` and `data_categories:`.',
      );
    return unmet(
      `no categories of data subjects or of personal data are declared${detected}`,
      `Declare \`data_subjects:\` and \`data_categories:\`. ${CONFIG_HINT}`,
    );
  },
  recipients_declared: (_, config) => {
    if (!config?.recipients)
      return unmet(
        'recipients are not declared',
        `List \`recipients:\` (\`[]\` when the copy goes to nobody outside the team). ${CONFIG_HINT}`,
      );
    return met(
      config.recipients.length === 0
        ? 'declared: no recipient outside the team'
        : `${config.recipients.length} recipient(s) declared: ${listed(config.recipients.map((r) => r.name))}`,
    );
  },
  retention_declared: (_, config) =>
    config?.retention
      ? met(
          `retention declared for the copy${config.retention.records ? ' and for the records' : ''}`,
        )
      : unmet(
          'no retention period is declared',
          `Declare \`retention: { copy, records }\`. ${CONFIG_HINT}`,
        ),
  transfers_safeguarded: (_, config) => {
    if (!config?.transfers)
      return unmet(
        'cross-border transfers are not declared',
        `List \`transfers:\` with their mechanism, or \`transfers: []\` for none. ${CONFIG_HINT}`,
      );
    if (config.transfers.length === 0) return na('declared: no transfer outside the jurisdiction');
    const without = config.transfers.filter((t) => !t.mechanism).map((t) => t.to);
    if (without.length > 0)
      return partial(
        `transfers without a mechanism: ${listed(without)}`,
        'Give each transfer its `mechanism` (adequacy, SCCs, standard contract, ...).',
      );
    return met(`${config.transfers.length} transfer(s) declared, each with its mechanism`);
  },
  pii_inventory: (evidence) => {
    const audit = evidence.piiAudit;
    if (!audit)
      return unmet(
        'no PII audit of this database is recorded in confiture.pii_audits',
        'Run the sync with PII detection on (global.on_unmapped_pii: fail or warn), which stores its inventory of the source here, or `confiture audit-pii --env <this database> --record` after the sync.',
      );
    // The sync itself stores its pre-flight's detection of the source during the run.
    if (Date.parse(audit.auditedAt) < Date.parse(evidence.lastSync.startedAt)) {
      return partial(
        `PII audit #${audit.id} of ${audit.auditedAt} predates the last sync (${evidence.lastSync.startedAt})`,
        'Run `confiture audit-pii --env <this database> --record` again after the sync.',
      );
    }
    return met(`PII audit #${audit.id} of ${audit.auditedAt}: ${audit.piiColumns} PII column(s)`);
  },
  pii_columns_anonymized: (evidence) => {
    const n = evidence.columns.length;
    const audit = evidence.piiAudit;
    if (!audit)
      return partial(
        `lineage of run ${evidence.lastSync.runId} shows ${n} anonymized column(s), but no PII audit shows that none was missed`,
        'Run `confiture audit-pii --env <this database> --record` so that the records can show every PII column is covered.',
      );
    if (audit.unmapped.length > 0) {
      return unmet(
        `${audit.unmapped.length} PII column(s) found by PII audit #${audit.id} have no anonymization recorded in the last sync: ${listed(audit.unmapped.map((c) => `${c.table}.${c.column}${c.kind ? ` (${c.kind})` : ''}`))}`,
        'Add a rule for each column to the profile (or exclude its table) and sync again; declare it under `declared_safe:` only if it holds no personal data.',
      );
    }
    const safe =
      (audit.declaredSafe.length > 0
        ? `; ${audit.declaredSafe.length} declared safe by the controller`
        : '') +
      (audit.inEmptyTables.length > 0
        ? `; ${audit.inEmptyTables.length} in tables the sync left empty`
        : '');
    return met(
      `every PII column of audit #${audit.id} has a lineage entry in run ${evidence.lastSync.runId} (${n} anonymized)${safe}`,
    );
  },
  anonymization_verified: (evidence) => {
    const v = evidence.lastSync.verification;
    if (v.state === 'skipped')
      return unmet(
        `the last sync (${evidence.lastSync.runId}) ran without verification`,
        'Sync with verification on (the default; `global.verify_after_sync: true`).',
      );
    if (v.state === 'failed') {
      const failed = v.checks.filter((c) => c.status === 'failed');
      return unmet(
        `the last sync's verification failed: ${listed(failed.map((c) => `${c.name}${c.table ? ` ${c.table}${c.column ? `.${c.column}` : ''}` : ''}`))}`,
        'Fix the profile for the failing checks and sync again; the target may hold un-anonymized values.',
      );
    }
    if (evidence.laterIncompleteRuns > 0) {
      return partial(
        `verification passed for run ${evidence.lastSync.runId}, but ${evidence.laterIncompleteRuns} later run(s) failed or never finished (confiture.sync_runs)`,
        'Resume or re-run the sync (`confiture sync --resume`), then verify.',
      );
    }
    return met(
      `audit entry #${evidence.lastSync.auditSequence} records a passed verification (${v.checks.length} checks) for run ${evidence.lastSync.runId}`,
    );
  },
  lineage_intact: (evidence) => {
    const chain = chainRule('lineage', 'lineage')(evidence, undefined);
    if (chain.status !== 'met') return chain;
    if (evidence.columns.length === 0)
      return unmet(
        `confiture.lineage holds no entry for run ${evidence.lastSync.runId}`,
        'Sync with a profile that anonymizes the PII columns: each anonymized column gets a lineage entry.',
      );
    return met(
      `${chain.finding}; ${evidence.columns.length} entries belong to run ${evidence.lastSync.runId}`,
    );
  },
  audit_log_intact: chainRule('auditLog', 'audit_log'),
  token_access_controlled: (evidence) => {
    const reversible = evidence.columns.filter((c) => c.reversible);
    const { grants, reversals } = evidence.tokenAccess;
    const chain = chainRule('tokenAccess', 'token_access_log')(evidence, undefined);
    if (chain.status !== 'met') return chain;
    const unexplained = reversals.filter((r) => r.outcome === 'granted' && !r.hasReason);
    if (unexplained.length > 0) {
      return unmet(
        `${unexplained.length} reversal(s) returned an original without a reason: ${listed(unexplained.map((r) => `#${r.sequence} by ${r.principal}`))}`,
        'Grant REVERSE_WITH_REASON instead of REVERSE_WITHOUT_REASON or UNRESTRICTED, and document these reversals.',
      );
    }
    if (reversible.length === 0 && grants.length === 0 && reversals.length === 0) {
      return na(
        'no reversible column (tokenize, fpe) in the last sync, and no token grant or reversal',
      );
    }
    return met(
      `${reversible.length} reversible column(s); ${grants.length} grant(s) and ${reversals.length} reversal attempt(s) signed, every granted reversal with a reason`,
    );
  },
  breach_register: (evidence, config) => {
    const register = evidence.breachRegister;
    const contact = config?.breach?.contact;
    if (register.present && contact)
      return met(
        `incident register present (${register.incidents} incident(s)); breach contact declared`,
      );
    if (register.present || contact) {
      return partial(
        register.present
          ? `incident register present (${register.incidents} incident(s)); no breach contact declared`
          : 'a breach contact is declared, but this database holds no incident register',
        register.present
          ? 'Declare `breach: { contact }` in compliance.yaml.'
          : 'Record incidents with `confiture breach record --env <this database>` (the register is created on first use).',
      );
    }
    return unmet(
      'no incident register and no breach contact',
      'Declare `breach: { contact }` and record incidents with `confiture breach record`.',
    );
  },
  subject_requests_channel: (_, config) =>
    config?.subject_requests
      ? partial(
          'a channel for requests is declared; no request register is recorded yet',
          'Keep a register of requests and their answers (data-subject rights: `subjects:` in compliance.yaml).',
        )
      : unmet(
          'no channel for data-subject requests is declared',
          `Declare \`subject_requests: { contact }\`. ${CONFIG_HINT}`,
        ),
};

/** One evidence kind's outcome. */
export function evaluateEvidence(
  kind: EvidenceKind,
  evidence: ComplianceEvidence,
  config: ComplianceConfig | undefined,
): EvidenceOutcome {
  return { kind, ...EVIDENCE_RULES[kind](evidence, config) };
}

/**
 * A requirement's status from its evidence: not_applicable when every kind is; otherwise, the
 * kinds that apply all met → met, none met and none partial → unmet, else partial. Never met by
 * default: a requirement with no applicable evidence that is met is not met.
 */
export function combineStatuses(statuses: readonly RequirementStatus[]): RequirementStatus {
  const applicable = statuses.filter((s) => s !== 'not_applicable');
  if (statuses.length > 0 && applicable.length === 0) return 'not_applicable';
  if (applicable.length === 0) return 'unmet';
  if (applicable.every((s) => s === 'met')) return 'met';
  if (applicable.every((s) => s === 'unmet')) return 'unmet';
  return 'partial';
}

/**
 * Evidence that proves a measure was taken: when it fails, the requirement it supports is unmet,
 * not partial (a broken chain or a failed verification voids what the other evidence shows).
 */
export const ESSENTIAL_EVIDENCE: ReadonlySet<EvidenceKind> = new Set<EvidenceKind>([
  'audit_log_intact',
  'lineage_intact',
  'anonymization_verified',
  'pii_columns_anonymized',
  'token_access_controlled',
]);

/** A requirement's status from its outcomes: {@link combineStatuses}, unless essential evidence is unmet. */
export function combineOutcomes(outcomes: readonly EvidenceOutcome[]): RequirementStatus {
  if (outcomes.some((o) => o.status === 'unmet' && ESSENTIAL_EVIDENCE.has(o.kind))) return 'unmet';
  return combineStatuses(outcomes.map((o) => o.status));
}
