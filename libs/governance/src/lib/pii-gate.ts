import { ConfitureError, formatQualifiedName, type Profile } from '@confiture/domain';
import type { DatabaseCatalog } from '@confiture/sync';
import type pg from 'pg';
import type { ColumnFinding } from './classify-column';
import { coverageOf, isUnmapped, type Coverage } from './coverage';
import { detectPii, type DetectPiiOptions, type PiiDetection } from './detect-pii';
import { PII_KIND_LABELS } from './pii-kind';

/** A PII column and how the profile treats it. */
export interface CoveredFinding extends ColumnFinding {
  coverage: Coverage;
}

/** Options of {@link checkPiiCoverage}. */
export interface PiiGateOptions extends Pick<
  DetectPiiOptions,
  'sampleRows' | 'threshold' | 'statementTimeoutMs' | 'transaction'
> {
  /** The source catalog the sync planned with. */
  catalog: DatabaseCatalog;
  /** A read-only session on the source. */
  source: pg.ClientBase;
  profile: Profile;
}

/** What the gate found, whatever the policy. */
export interface PiiGateResult {
  policy: Profile['global']['onUnmappedPii'];
  /** Absent under `ignore`: detection does not run. */
  detection?: PiiDetection;
  /** Every PII column with its coverage. */
  columns: CoveredFinding[];
  /** PII columns no rule treats (under `warn`; under `fail` the gate throws instead). */
  unmapped: CoveredFinding[];
  /** One line per unmapped column under `warn`, plus sampling problems. */
  warnings: string[];
}

/** `public.users.email (email address, 0.95)` */
export function describeFinding(finding: CoveredFinding | ColumnFinding): string {
  return `${formatQualifiedName(finding.table)}.${finding.column} ${findingKind(finding)}`;
}

/** `(kind: contained kinds, confidence)` of a finding. */
function findingKind(finding: CoveredFinding | ColumnFinding): string {
  const kind = finding.kind ? PII_KIND_LABELS[finding.kind] : 'PII';
  const inner =
    finding.contains.length > 0
      ? `: ${finding.contains.map((k) => PII_KIND_LABELS[k]).join(', ')}`
      : '';
  return `(${kind}${inner}, ${finding.confidence.toFixed(2)})`;
}

/** What is missing for an unmapped finding, without its name (the error's location has it). */
function unmappedReason(finding: CoveredFinding): string {
  const paths = finding.coverage.uncoveredPaths;
  return paths && paths.length > 0
    ? `${findingKind(finding)}: the json rule does not reach ${paths.join(', ')}`
    : findingKind(finding);
}

function unmappedLine(finding: CoveredFinding): string {
  return `${formatQualifiedName(finding.table)}.${finding.column} ${unmappedReason(finding)}`;
}

/**
 * Fail closed, before the sync writes anything: detects PII in the source and compares it with the
 * profile. Under `global.on_unmapped_pii: fail` (the default) an unmapped PII column throws a
 * `PII_UNMAPPED` error naming every such column; under `warn` they are returned as warnings;
 * under `ignore` nothing is detected.
 */
export async function checkPiiCoverage(options: PiiGateOptions): Promise<PiiGateResult> {
  const policy = options.profile.global.onUnmappedPii;
  if (policy === 'ignore') return { policy, columns: [], unmapped: [], warnings: [] };
  const limits = options.profile.global.piiDetection;
  const detection = await detectPii(options.source, {
    catalog: options.catalog,
    skipSampling: options.profile.excludeTables,
    sampleRows: options.sampleRows ?? limits.sampleRows,
    sampleLimits: { maxValueChars: limits.maxValueChars, maxJsonChars: limits.maxJsonChars },
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.statementTimeoutMs !== undefined
      ? { statementTimeoutMs: options.statementTimeoutMs }
      : {}),
    transaction: options.transaction ?? 'own',
  });
  const columns = detection.columns
    .filter((c) => c.pii)
    .map((c) => ({ ...c, coverage: coverageOf(options.profile, c) }));
  const unmapped = columns.filter((c) => isUnmapped(c.coverage));
  const problems = detection.problems.map((p) => `PII detection: ${p.table}: ${p.message}`);
  if (unmapped.length > 0 && policy === 'fail') {
    throw new ConfitureError(
      'PII_UNMAPPED',
      `${unmapped.length} PII column${unmapped.length === 1 ? ' has' : 's have'} no anonymization rule in ${profileName(options.profile)}; nothing was written: ${unmapped.map((c) => `${formatQualifiedName(c.table)}.${c.column}`).join(', ')}`,
      {
        ...(options.profile.file ? { file: options.profile.file } : {}),
        details: unmapped.map(
          (c) =>
            new ConfitureError(
              'PII_UNMAPPED',
              `${unmappedReason(c)}: ${c.evidence.map((e) => e.detail).join('; ')}`,
              {
                table: formatQualifiedName(c.table),
                column: c.column,
              },
            ),
        ),
        hint: 'Add a rule for each column under tables.<table>.anonymization (`strategy: preserve` declares a column safe), list the table in exclude_tables, or set global.on_unmapped_pii: warn.',
      },
    );
  }
  const warnings = [
    ...unmapped.map((c) => `unmapped PII column ${unmappedLine(c)} is copied as is`),
    ...problems,
    ...readInPartWarnings(detection),
  ];
  return { policy, detection, columns, unmapped, warnings };
}

function profileName(profile: Profile): string {
  return profile.file ? `profile ${profile.file}` : `profile "${profile.name}"`;
}

/**
 * Says which columns had sampled values longer than detection reads, so that a cut-off is a choice
 * the user sees, not a silent blind spot.
 */
export function readInPartWarnings(detection: PiiDetection): string[] {
  if (detection.readInPart.length === 0) return [];
  const { maxValueChars, maxJsonChars } = detection.sampleLimits;
  const columns = detection.readInPart
    .map((c) => `${c.table}.${c.column} (${c.values})`)
    .join(', ');
  return [
    `PII detection read some sampled values only in part (first ${maxValueChars} characters, ${maxJsonChars} of a JSON document): ${columns}; raise global.pii_detection.max_value_chars / max_json_chars to read more (the pattern scan after the load reads every row, up to 262144 characters of each value)`,
  ];
}
