/** Outcome of one verification check (the sync's own, `confiture verify`'s, or a hook's). */
export interface VerificationCheck {
  /** `row-counts`, `no-source-values`, `foreign-keys`, `pii-pattern-scan`, `governance:…` */
  name: string;
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  /** What was checked and what was found, without any data value. */
  detail: string;
  table?: string;
  column?: string;
  /** How many offending values/rows (never the values). */
  count?: number;
}

/** All checks of a verification, and whether it passed (no check failed). */
export interface VerificationResult {
  passed: boolean;
  checks: VerificationCheck[];
}
