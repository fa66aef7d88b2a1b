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

/** Digit layouts a format-preserving strategy keeps (its output may pass a checksum by chance). */
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
  nested: { steps: JsonPathStep[]; intended: TextKind[]; allowed: string[] }[];
}

/**
 * What a rule writes on purpose that looks like PII: a `phone` rule keeps phone layouts, `fpe`
 * keeps digit layouts, `pseudonymize` makes realistic fakes of its kind, `email` with
 * `preserve_domain` keeps real domains. A `preserve` rule declares the column safe: not scanned.
 * No rule at all: everything counts.
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
      return [{ steps, intended, allowed: policy.allowed }];
    });
    return { intended: [], allowed: [], nested };
  }
  return { intended: intendedKinds(rule), allowed: allowedValues(rule), nested: [] };
}

/** The kinds a JSON leaf at `location` may hold on purpose under `policy`. */
export function intendedAt(
  policy: ScanPolicy,
  location: readonly LocationStep[],
): { intended: TextKind[]; allowed: string[] } {
  const intended = new Set(policy.intended);
  const allowed = new Set(policy.allowed);
  for (const rule of policy.nested) {
    if (!pathCovers(rule.steps, location)) continue;
    rule.intended.forEach((k) => intended.add(k));
    rule.allowed.forEach((v) => allowed.add(v));
  }
  return { intended: [...intended], allowed: [...allowed] };
}

function intendedKinds(rule: ResolvedRule): TextKind[] {
  const o = rule.options;
  switch (rule.type) {
    case 'phone':
      return ['phone'];
    case 'fpe':
      return [...DIGIT_KINDS];
    case 'email':
      return o['preserve_domain'] === true ? ['email'] : [];
    case 'pseudonymize':
      return o['kind'] === 'email' ? ['email'] : o['kind'] === 'phone' ? ['phone'] : [];
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
