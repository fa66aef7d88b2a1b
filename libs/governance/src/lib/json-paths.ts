/**
 * JSON paths as the json strategy reads them (`$.user.email`, `$.items[*].phone`, `$["a key"]`,
 * `$..email`; parsed by the strategy's own parser), reduced to what coverage needs: does a rule's
 * path select a detected location or one of its ancestors?
 */

import { ConfitureError } from '@confiture/domain';
import { parseJsonPath, type JsonPathStep } from '@confiture/strategies';

/** An element of a detected location: an object key, or `*` for "every array element". */
export type LocationStep = { key: string } | { anyIndex: true };

/** Parses a rule path as the json strategy does; undefined when the json strategy refuses it. */
export function parsePath(source: string): JsonPathStep[] | undefined {
  try {
    return parseJsonPath(source).steps;
  } catch (error) {
    if (error instanceof ConfitureError) return undefined;
    throw error;
  }
}

/** Writes a detected location as a path in the json strategy's syntax. */
export function formatLocation(location: readonly LocationStep[]): string {
  return (
    '$' +
    location
      .map((step) =>
        'anyIndex' in step
          ? '[*]'
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(step.key)
            ? `.${step.key}`
            : `[${JSON.stringify(step.key)}]`,
      )
      .join('')
  );
}

/** Parses a path written by {@link formatLocation}. */
export function parseLocation(path: string): LocationStep[] | undefined {
  const steps = parsePath(path);
  if (!steps || steps.some((s) => s.deep || s.kind === 'index')) return undefined;
  return steps.map((s) => (s.kind === 'key' ? { key: s.key } : { anyIndex: true as const }));
}

/**
 * Whether a rule on `steps` replaces the value at `location` or an ancestor of it. An index step
 * (`[0]`) does not cover "every element" (`[*]`): the other elements keep their values.
 */
export function pathCovers(
  steps: readonly JsonPathStep[],
  location: readonly LocationStep[],
): boolean {
  for (let end = 0; end <= location.length; end++) {
    if (selects(steps, location.slice(0, end))) return true;
  }
  return false;
}

function selects(
  steps: readonly JsonPathStep[],
  location: readonly LocationStep[],
  s = 0,
  l = 0,
): boolean {
  if (s === steps.length) return l === location.length;
  if (l === location.length) return false;
  const step = steps[s]!;
  if (stepMatches(step, location[l]!) && selects(steps, location, s + 1, l + 1)) return true;
  return step.deep && selects(steps, location, s, l + 1);
}

function stepMatches(step: JsonPathStep, element: LocationStep): boolean {
  if (step.kind === 'any') return true;
  if (step.kind === 'index') return false;
  return 'key' in element && element.key === step.key;
}
