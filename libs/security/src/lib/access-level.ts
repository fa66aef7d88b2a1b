/** What a principal may do with the token vault, weakest first. */
export const ACCESS_LEVELS = [
  'NONE',
  'READ_ONLY',
  'REVERSE_WITH_REASON',
  'REVERSE_WITHOUT_REASON',
  'UNRESTRICTED',
] as const;
/** One of {@link ACCESS_LEVELS}. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Whether `value` names an access level. */
export function isAccessLevel(value: string): value is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** A principal's grant as stored. */
export interface Grant {
  principal: string;
  level: AccessLevel;
  expiresAt?: Date;
}

/** What a reversal request is decided on. */
export interface ReversalRequest {
  /** Absent when the principal holds no grant. */
  grant?: Grant;
  reason?: string;
  now: Date;
}

/** The outcome of {@link decideReversal}: the level that applied and, if refused, why. */
export type ReversalDecision =
  { allowed: true; level: AccessLevel } | { allowed: false; level: AccessLevel; refusal: string };

/** Shortest reason accepted where one is required, so that "x" does not pass for a justification. */
export const MIN_REASON_LENGTH = 10;

/**
 * Whether a principal may reverse a token: NONE and READ_ONLY never; REVERSE_WITH_REASON with a
 * reason of at least {@link MIN_REASON_LENGTH} characters; REVERSE_WITHOUT_REASON and UNRESTRICTED
 * always. An expired grant counts as NONE. Pure: the vault records every decision.
 */
export function decideReversal(request: ReversalRequest): ReversalDecision {
  const { grant, now } = request;
  if (!grant) return { allowed: false, level: 'NONE', refusal: 'no grant' };
  if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) {
    return {
      allowed: false,
      level: 'NONE',
      refusal: `grant ${grant.level} expired at ${grant.expiresAt.toISOString()}`,
    };
  }
  const reason = request.reason?.trim() ?? '';
  switch (grant.level) {
    case 'NONE':
      return { allowed: false, level: grant.level, refusal: 'access level NONE' };
    case 'READ_ONLY':
      return {
        allowed: false,
        level: grant.level,
        refusal: 'access level READ_ONLY shows token metadata but never the original',
      };
    case 'REVERSE_WITH_REASON':
      return reason.length >= MIN_REASON_LENGTH
        ? { allowed: true, level: grant.level }
        : {
            allowed: false,
            level: grant.level,
            refusal:
              reason.length === 0
                ? 'access level REVERSE_WITH_REASON requires --reason'
                : `the reason must have at least ${MIN_REASON_LENGTH} characters`,
          };
    case 'REVERSE_WITHOUT_REASON':
    case 'UNRESTRICTED':
      return { allowed: true, level: grant.level };
  }
}

/** Whether a level lets its holder see token metadata (table, column, dates, key version). */
export function canDescribe(grant: Grant | undefined, now: Date): boolean {
  if (!grant || grant.level === 'NONE') return false;
  return !grant.expiresAt || grant.expiresAt.getTime() > now.getTime();
}
