import { createHash } from 'node:crypto';

/** PostgreSQL's longest identifier, in bytes (NAMEDATALEN − 1). */
const MAX_IDENTIFIER_BYTES = 63;

/** The databases an atomic refresh of one target works with, all on the target's server. */
export interface AtomicDatabaseNames {
  /** The target, as configured. */
  target: string;
  /** Where job `key` builds the new copy: `<target>_cf_<10 hex of sha256(key)>`. */
  building: string;
  /** The target as it was before the last swap: `<target>_cf_previous`. */
  previous: string;
  /** Name a rollback parks the current target under while the two trade places. */
  swap: string;
}

/**
 * The names of an atomic refresh of `target` by job `key`. The same key always gives the same
 * building database, so a replica that takes a job over resumes into the database the first began.
 * A long target name is shortened (by bytes, on a character boundary) to leave room for the suffix.
 */
export function atomicDatabaseNames(target: string, key: string): AtomicDatabaseNames {
  const tag = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return {
    target,
    building: withSuffix(target, `_cf_${tag}`),
    previous: withSuffix(target, '_cf_previous'),
    swap: withSuffix(target, '_cf_swap'),
  };
}

function withSuffix(base: string, suffix: string): string {
  const room = MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix);
  let head = base;
  while (Buffer.byteLength(head) > room) head = Array.from(head).slice(0, -1).join('');
  return head + suffix;
}
