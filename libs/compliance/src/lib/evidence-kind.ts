/**
 * The kinds of evidence a requirement can be satisfied by. Each is decided by one rule in
 * `requirement-status.ts` from records (audit log, lineage, token access log, PII audits, the
 * breach register) or from the controller's declarations in compliance.yaml.
 */
export const EVIDENCE_KINDS = {
  controller_identity:
    'the controller (or business, organization, responsible party) and its contact, declared in compliance.yaml',
  dpo_contact:
    'the data-protection officer (or information officer, encarregado) and their contact, declared in compliance.yaml',
  purposes_declared:
    'the purposes of processing with their legal basis, declared in compliance.yaml',
  data_categories_declared:
    'the categories of data subjects and of personal data, declared in compliance.yaml',
  recipients_declared:
    'the recipients of the staging copy, declared in compliance.yaml (an empty list is a declaration)',
  retention_declared: 'how long the copy and its records are kept, declared in compliance.yaml',
  transfers_safeguarded:
    'cross-border transfers with their safeguard, declared in compliance.yaml (an empty list declares none)',
  pii_inventory: 'a PII audit of this database recorded in confiture.pii_audits',
  pii_columns_anonymized:
    'every PII column the last PII audit found has a lineage entry of the last sync',
  anonymization_verified: "the last sync's signed audit entry records a passed verification",
  lineage_intact: 'confiture.lineage verifies against CONFITURE_AUDIT_KEY and holds the last sync',
  audit_log_intact: 'confiture.audit_log verifies against CONFITURE_AUDIT_KEY',
  token_access_controlled:
    'confiture.token_access_log verifies and every granted reversal gives a reason',
  breach_register:
    'an incident register in confiture.breach_incidents and a breach contact in compliance.yaml',
  subject_requests_channel: 'a channel for data-subject requests declared in compliance.yaml',
} as const;

/** One of the keys of {@link EVIDENCE_KINDS}. */
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

/** Every evidence kind, for schemas. */
export const EVIDENCE_KIND_NAMES = Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]];
