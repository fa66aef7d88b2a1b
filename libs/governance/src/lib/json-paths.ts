/**
 * JSON paths as the json strategy writes them (`$.user.email`, `$.items[*].phone`, `$["a key"]`,
 * `$..email`), reduced to what coverage needs: does a rule's path select a detected location or
 * one of its ancestors?
 */

/** One step of a path: a key, an array index, any member (`*`), possibly at any depth (`..`). */
export type PathStep =
  | { kind: 'key'; key: string; deep: boolean }
  | { kind: 'index'; index: number; deep: boolean }
  | { kind: 'any'; deep: boolean };

/** An element of a detected location: an object key, or `*` for "every array element". */
export type LocationStep = { key: string } | { anyIndex: true };

/** Parses a rule path; undefined when it is not a path this module understands. */
export function parsePath(source: string): PathStep[] | undefined {
  if (!source.startsWith('$')) return undefined;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < source.length) {
    let deep = false;
    if (source.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (source[i] === '.') {
      i += 1;
    } else if (source[i] !== '[') {
      return undefined;
    }
    if (source[i] === '[') {
      const close = bracketEnd(source, i);
      if (close < 0) return undefined;
      const inner = source.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'any', deep });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner), deep });
      else if (/^'.*'$|^".*"$/s.test(inner)) steps.push({ kind: 'key', key: unquote(inner), deep });
      else return undefined;
      continue;
    }
    const match = /^(\*|[^.[\]]+)/.exec(source.slice(i));
    if (!match) return undefined;
    i += match[0].length;
    steps.push(match[0] === '*' ? { kind: 'any', deep } : { kind: 'key', key: match[0], deep });
  }
  return steps;
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
export function pathCovers(steps: readonly PathStep[], location: readonly LocationStep[]): boolean {
  for (let end = 0; end <= location.length; end++) {
    if (selects(steps, location.slice(0, end))) return true;
  }
  return false;
}

function selects(
  steps: readonly PathStep[],
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

function stepMatches(step: PathStep, element: LocationStep): boolean {
  if (step.kind === 'any') return true;
  if (step.kind === 'index') return false;
  return 'key' in element && element.key === step.key;
}

function bracketEnd(source: string, open: number): number {
  const quote = source[open + 1];
  if (quote === '"' || quote === "'") {
    for (let i = open + 2; i < source.length; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === quote) return source[i + 1] === ']' ? i + 1 : -1;
    }
    return -1;
  }
  return source.indexOf(']', open);
}

function unquote(text: string): string {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text.slice(1, -1).replace(/\\'/g, "'");
}
