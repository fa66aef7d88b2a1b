import { ConfitureError, type Profile, type SyncReport } from '@confiture/domain';

/**
 * The failure policy of a verified run, as the error that fails the sync (undefined when it
 * passes): a failed check fails it (VERIFICATION_FAILED, naming each table and column with a
 * count, never a value), except that PII leaks alone do not when the profile sets
 * `fail_on_pii_leak: false`. Decided before the run is marked complete: the audit
 * entry records the failed verification, and the run is marked failed (see rejected-copy.ts).
 */
export function verificationFailure(
  report: SyncReport,
  profile: Profile,
): ConfitureError | undefined {
  const failed = report.verification?.checks.filter((c) => c.status === 'failed') ?? [];
  const leaks = failed.filter((c) => c.name !== 'row-counts');
  if (failed.length === 0 || (!profile.global.failOnPiiLeak && leaks.length === failed.length)) {
    return undefined;
  }
  return new ConfitureError(
    'VERIFICATION_FAILED',
    `verification failed: ${failed.length} check(s) did not pass`,
    {
      details: failed.map(
        (c) =>
          new ConfitureError('VERIFICATION_FAILED', c.detail, {
            ...(c.table ? { table: c.table } : {}),
            ...(c.column ? { column: c.column } : {}),
          }),
      ),
      hint: 'Fix the profile for the columns named above and sync again. The audit log records this failed verification.',
    },
  );
}
