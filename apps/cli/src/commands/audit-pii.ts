import { Flags } from '@oclif/core';
import {
  auditPii,
  PII_KIND_LABELS,
  type AuditedColumn,
  type PiiAuditReport,
} from '@confiture/governance';
import { openConnection } from '@confiture/sync';
import { BaseCommand } from '../base-command';
import { connectionFlag, profileFlag } from '../flags';

export default class AuditPii extends BaseCommand<typeof AuditPii> {
  static override summary = 'List the PII columns of a database and whether a profile covers them.';

  static override description = `Classifies every column from its name and comment (English, French, German, Spanish,
Italian, Portuguese, Dutch), its type (inet, cidr) and a bounded sample of its values read in a
read-only transaction (validated patterns: Luhn card numbers, IBAN checksum, SSN rules, emails,
phones, IPs, names, addresses; inside JSON documents and arrays too). Prints each PII column with
its kind, evidence, confidence and, with --profile, whether a rule covers it. No value from the
data is ever printed.

Nothing is written to the audited database unless --record is given: it then stores the audit
(names, types and categories, never a value) in confiture.pii_audits. --warn-on-new-columns lists
the columns that appeared or changed type since the last recorded audit.
Exits 4 when --profile is given, its global.on_unmapped_pii is fail, and a PII column has no rule.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env production --profile anonymization_config.yaml',
    '<%= config.bin %> <%= command.id %> --env postgresql://ro@prod-db/shop --warn-on-new-columns --json',
    '<%= config.bin %> <%= command.id %> --env staging --record',
  ];

  static override flags = {
    env: connectionFlag({
      summary:
        'Database to audit: environment name (db/environments/<name>.yaml) or postgresql:// URL.',
      required: true,
    }),
    profile: profileFlag({ summary: 'Profile to check coverage against.' }),
    'warn-on-new-columns': Flags.boolean({
      summary: 'List columns that appeared or changed type since the last recorded audit.',
    }),
    record: Flags.boolean({
      summary:
        'Store this audit in confiture.pii_audits of the audited database (created when missing).',
    }),
    'sample-rows': Flags.integer({
      summary: 'Rows sampled per table (default 200; 0 = names, comments and types only).',
      min: 0,
      max: 10_000,
    }),
  };

  async run(): Promise<PiiAuditReport> {
    const { flags } = this;
    const { env: connection, profile } = flags;
    // Without --record this is a read-only source session: nothing is written to the audited
    // database. Sampling itself always runs in a READ ONLY transaction.
    const client = await openConnection(connection, {
      role: flags.record ? 'admin' : 'source',
      applicationName: 'confiture audit-pii',
    });
    let report: PiiAuditReport;
    try {
      report = await auditPii(client, {
        ...(profile ? { profile } : {}),
        warnOnNewColumns: flags['warn-on-new-columns'],
        store: flags.record,
        ...(flags['sample-rows'] !== undefined ? { sampleRows: flags['sample-rows'] } : {}),
      });
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!this.jsonEnabled()) this.log(render(report));
    const unmapped = report.summary.unmapped ?? 0;
    if (profile && unmapped > 0 && profile.global.onUnmappedPii === 'fail') {
      this.note(
        `✖ ${unmapped} PII column(s) have no rule in ${profile.file ?? profile.name}: a sync with this profile stops before writing`,
      );
      process.exitCode = 4;
    }
    return report;
  }
}

function render(report: PiiAuditReport): string {
  const { summary } = report;
  const lines = [
    `PII audit of ${report.database}: ${summary.tables} tables, ${summary.columns} columns, ${summary.piiColumns} PII` +
      (summary.unmapped !== undefined
        ? `, ${summary.unmapped} not covered by ${report.profile?.name}`
        : ''),
    '',
  ];
  for (const column of report.columns) lines.push(...renderColumn(column));
  if (report.columns.length === 0) lines.push('  no PII column found');
  if (report.changes) {
    lines.push('');
    if (report.changes.baseline) {
      lines.push(
        report.store.stored
          ? 'No previous audit: this one is the baseline for --warn-on-new-columns.'
          : 'No recorded audit to compare with: run once with --record to make a baseline.',
      );
    } else {
      const { added, typeChanged, removed } = report.changes;
      lines.push(`Changes since the audit of ${report.changes.since}:`);
      for (const c of added) {
        lines.push(
          `  + ${c.table}.${c.column} (${c.type})${c.pii && c.kind ? ` — PII: ${PII_KIND_LABELS[c.kind]}; add a rule` : ''}`,
        );
      }
      for (const c of typeChanged) {
        lines.push(
          `  ~ ${c.table}.${c.column}: ${c.previousType} → ${c.type}${c.pii ? ' — now looks like PII; review its rule' : ''}`,
        );
      }
      for (const c of removed) lines.push(`  - ${c.table}.${c.column} (${c.type})`);
      if (added.length + typeChanged.length + removed.length === 0) lines.push('  none');
    }
  }
  lines.push('');
  const { maxValueChars, maxJsonChars } = report.sampleLimits;
  lines.push(
    `Read: up to ${report.sampleRows} rows per table, the first ${maxValueChars} characters of each value (${maxJsonChars} of a JSON document).`,
  );
  for (const part of report.readInPart) {
    lines.push(
      `! ${part.table}.${part.column}: ${part.values} sampled values are longer and were read in part (global.pii_detection in the profile sets the limits)`,
    );
  }
  for (const problem of report.problems) lines.push(`! ${problem.table}: ${problem.message}`);
  lines.push(
    report.store.stored
      ? `Audit stored in confiture.pii_audits (#${report.store.id}).`
      : `Audit not stored: ${report.store.reason}.`,
  );
  return lines.join('\n');
}

function renderColumn(column: AuditedColumn): string[] {
  const inner =
    column.contains.length > 0
      ? ` (${column.contains.map((k) => PII_KIND_LABELS[k]).join(', ')})`
      : '';
  const coverage = column.coverage
    ? column.coverage.status === 'unmapped'
      ? '  ✖ no rule'
      : column.coverage.status === 'partial'
        ? `  ✖ ${column.coverage.rule?.strategy} misses ${column.coverage.uncoveredPaths?.join(', ')}`
        : column.coverage.status === 'excluded'
          ? '  ✔ table excluded'
          : column.coverage.status === 'preserved'
            ? `  ✔ declared safe (preserve, ${column.coverage.rule?.path})`
            : `  ✔ ${column.coverage.rule?.strategy} (${column.coverage.rule?.path})`
    : '';
  return [
    `  ${column.table}.${column.column}  ${PII_KIND_LABELS[column.kind]}${inner}  ${column.confidence.toFixed(2)}${coverage}`,
    ...column.evidence.map((e) => `      · ${e.detail}`),
  ];
}
