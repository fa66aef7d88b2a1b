import { nestedRules, type ResolvedRule } from '@confiture/domain';
import { contractOf, findStrategy, type JsonPathStep, type TextKind } from '@confiture/strategies';
import { parsePath, pathCovers, type LocationStep } from './json-paths';

/** Kinds the leak scan looks for: those a pattern plus a check can find without guessing. */
export const LEAK_KINDS = [
  'email',
  'card_number',
  'iban',
  'national_id',
  'phone',
  'ip_address',
] as const satisfies readonly TextKind[];

/**
 * Kinds made of digits in a layout: a strategy that writes digits of its own (a phone number, a
 * format-preserving ciphertext, a hash, a noisy number) writes some that pass a checksum and an
 * issuer range by chance ("563667924754", a phone rule's output, is a Luhn-valid Maestro number).
 * In the columns such a rule rewrote, these kinds are left to the check that the column holds none
 * of its source values (`no-source-values`), which finds the originals themselves.
 */
const DIGIT_KINDS: readonly TextKind[] = ['card_number', 'national_id', 'phone', 'iban'];

/** How the leak scan treats one column. */
export interface ScanPolicy {
  /** Why the column is not scanned at all. */
  skip?: string;
  /** Kinds the column's strategy produces on purpose (a `phone` rule writes phone numbers). */
  intended: TextKind[];
  /** Exact values written on purpose (a redact rule's replacement). */
  allowed: string[];
  /** For a json rule: what each nested rule writes on purpose below its path. */
  nested: { steps: JsonPathStep[]; intended: TextKind[]; allowed: string[]; names?: boolean }[];
  /**
   * Whether the column's rule writes person names on purpose (`name`, `pseudonymize` of a name,
   * `text_scrub` with fake names) or places that read like them (`address` keeps cities such as
   * "Jackson"): its values are then not searched for names.
   */
  writesNames?: boolean;
}

/**
 * What a rule writes on purpose that looks like PII, its output space: a `phone` rule writes phone
 * numbers (and digit runs that pass for cards), `fpe`, `hash`, `tokenize` and the numeric
 * strategies write digits of their own, `pseudonymize` makes realistic fakes of its kind, `email`
 * with `preserve_domain` keeps real domains. Those kinds are not pattern-scanned in the column; the
 * others still are (an email left in a phone column). A `preserve` rule declares the column safe:
 * not scanned. No rule at all: everything counts.
 */
export function scanPolicyFor(rule: ResolvedRule | undefined): ScanPolicy {
  if (!rule) return { intended: [], allowed: [], nested: [] };
  if (rule.type === 'preserve') {
    return {
      skip: `declared safe by a preserve rule (${rule.path})`,
      intended: [],
      allowed: [],
      nested: [],
    };
  }
  if (rule.type === 'json') {
    const nested = nestedRules(rule).flatMap((r) => {
      const steps = parsePath(r.column);
      if (!steps) return [];
      const policy = scanPolicyFor(r);
      // A preserve rule inside a json rule keeps that subtree as is: declared safe too.
      const intended = policy.skip ? [...LEAK_KINDS] : policy.intended;
      const names = policy.skip !== undefined || policy.writesNames === true;
      return [{ steps, intended, allowed: policy.allowed, ...(names ? { names } : {}) }];
    });
    return { intended: [], allowed: [], nested };
  }
  return {
    intended: intendedKinds(rule),
    allowed: allowedValues(rule),
    nested: [],
    ...(writesNames(rule) ? { writesNames: true } : {}),
  };
}

/** Whether `rule` writes realistic person names (or addresses, with their cities) on purpose. */
function writesNames(rule: ResolvedRule): boolean {
  const o = rule.options;
  const detectors = o['detectors'];
  switch (rule.type) {
    case 'name':
    case 'address':
      return true;
    case 'pseudonymize':
      return ['name', 'first_name', 'last_name'].includes(String(o['kind']));
    case 'text_scrub':
      return (
        o['names'] === 'fake' && (!Array.isArray(detectors) || detectors.includes('person_name'))
      );
    default:
      return false;
  }
}

/** The kinds a JSON leaf at `location` may hold on purpose under `policy`. */
export function intendedAt(
  policy: ScanPolicy,
  location: readonly LocationStep[],
): { intended: TextKind[]; allowed: string[]; writesNames: boolean } {
  const intended = new Set(policy.intended);
  const allowed = new Set(policy.allowed);
  let names = policy.writesNames === true;
  for (const rule of policy.nested) {
    if (!pathCovers(rule.steps, location)) continue;
    rule.intended.forEach((k) => intended.add(k));
    rule.allowed.forEach((v) => allowed.add(v));
    names ||= rule.names === true;
  }
  return { intended: [...intended], allowed: [...allowed], writesNames: names };
}

function intendedKinds(rule: ResolvedRule): TextKind[] {
  const o = rule.options;
  switch (rule.type) {
    case 'phone':
    case 'fpe':
    case 'hash':
    case 'tokenize':
    case 'noise':
    case 'dp':
    case 'generalize':
    case 'aggregate':
      return [...DIGIT_KINDS];
    case 'email':
      return o['preserve_domain'] === true ? ['email'] : [];
    case 'pseudonymize':
      return o['kind'] === 'email' ? ['email'] : o['kind'] === 'phone' ? [...DIGIT_KINDS] : [];
    case 'redact':
    case 'mask':
      // Their output is made of mask characters and zeros: anything that still passes a
      // validated pattern was kept from the original (e.g. a mask keeping 16 characters).
      return [];
    default: {
      // A strategy this module does not know: trust its contract.
      const definition = findStrategy(rule.type);
      if (!definition) return [];
      return contractOf(definition, o).formatPreserving ? [...DIGIT_KINDS] : [];
    }
  }
}

function allowedValues(rule: ResolvedRule): string[] {
  const replacement = rule.options['replacement'];
  return typeof replacement === 'string' ? [replacement] : [];
}
