import { ConfitureError } from '@confiture/domain';
import type { Transform } from './strategy-definition';

/** One step of a JSONPath-like path: a key, an index, any member (`*`), possibly at any depth (`..`). */
export type JsonPathStep =
  | { kind: 'key'; key: string; deep: boolean }
  | { kind: 'index'; index: number; deep: boolean }
  | { kind: 'any'; deep: boolean };

/** A compiled path: `$.user.email`, `$.items[*].phone`, `$['odd key']`, `$..email`, `$.a[0]`. */
export interface JsonPath {
  source: string;
  steps: JsonPathStep[];
}

/** Parses a JSONPath-like path; throws STRATEGY_OPTIONS naming the path when it is not one. */
export function parseJsonPath(source: string): JsonPath {
  const bad = (why: string) =>
    new ConfitureError('STRATEGY_OPTIONS', `json strategy: path ${JSON.stringify(source)} ${why}`, {
      hint: 'Write paths like $.user.email, $.items[*].phone, $["a key"], $..email.',
    });
  if (!source.startsWith('$')) throw bad('must start with $');
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < source.length) {
    let deep = false;
    if (source.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (source[i] === '.') {
      i += 1;
    } else if (source[i] !== '[') {
      throw bad(`has an unexpected ${JSON.stringify(source[i])} at position ${i}`);
    }
    if (source[i] === '[') {
      const close = findBracketEnd(source, i);
      if (close < 0) throw bad('has an unclosed [');
      const inner = source.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'any', deep });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner), deep });
      else if (/^'.*'$|^".*"$/s.test(inner)) steps.push({ kind: 'key', key: unquote(inner), deep });
      else throw bad(`has an unsupported selector [${inner}]`);
      continue;
    }
    const match = /^(\*|[^.[\]]+)/.exec(source.slice(i));
    if (!match) throw bad(`has an empty name at position ${i}`);
    i += match[0].length;
    steps.push(match[0] === '*' ? { kind: 'any', deep } : { kind: 'key', key: match[0], deep });
  }
  return { source, steps };
}

/** Path elements of the value being visited: object keys and array indices. */
type Location = (string | number)[];

/** Whether `path` selects exactly `location`. */
function matches(steps: JsonPathStep[], location: Location, s = 0, l = 0): boolean {
  if (s === steps.length) return l === location.length;
  if (l === location.length) return false;
  const step = steps[s]!;
  if (stepMatches(step, location[l]!) && matches(steps, location, s + 1, l + 1)) return true;
  return step.deep && matches(steps, location, s, l + 1);
}

/** Whether `path` may select `location` or something below it. */
function mayMatchBelow(steps: JsonPathStep[], location: Location, s = 0, l = 0): boolean {
  if (l === location.length) return s < steps.length;
  if (s === steps.length) return false;
  const step = steps[s]!;
  if (step.deep) return true;
  return stepMatches(step, location[l]!) && mayMatchBelow(steps, location, s + 1, l + 1);
}

function stepMatches(step: JsonPathStep, element: string | number): boolean {
  if (step.kind === 'any') return true;
  if (step.kind === 'key') return element === step.key;
  return element === step.index;
}

/** A path with the transform applied to the values it selects. */
export interface JsonRule {
  path: JsonPath;
  transform: Transform;
}

/**
 * Applies `rules` to a JSON text in place: each selected value is replaced, and every other byte
 * (spacing, key order, number spelling, escapes) is left as it was. The text is scanned, not
 * parsed into objects, so big numbers and duplicate keys survive. A selected string is given to
 * its strategy unescaped and written back as a JSON string; numbers and booleans are given as
 * their JSON text and kept bare when the output is still a number/boolean; objects and arrays are
 * given as their JSON text and written back as a JSON string; null stays null unless the
 * strategy maps null to something. The first rule (in order) that selects a value wins.
 */
export function applyJsonRules(text: string, rules: readonly JsonRule[]): string {
  const scanner = new Scanner(text, rules);
  scanner.skipSpace();
  scanner.value([]);
  scanner.skipSpace();
  if (scanner.pos !== text.length) throw scanner.invalid();
  return scanner.result();
}

class Scanner {
  pos = 0;
  readonly #edits: { start: number; end: number; text: string }[] = [];

  constructor(
    readonly text: string,
    readonly rules: readonly JsonRule[],
  ) {}

  invalid(): ConfitureError {
    return new ConfitureError('STRATEGY_VALUE', 'json strategy: the value is not valid JSON', {
      hint: 'The column holds text that does not parse as JSON; fix it or use another strategy.',
    });
  }

  result(): string {
    let out = '';
    let from = 0;
    for (const edit of this.#edits) {
      out += this.text.slice(from, edit.start) + edit.text;
      from = edit.end;
    }
    return out + this.text.slice(from);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  /** Scans one value; `location` is null inside values no rule can select (validated only). */
  value(location: Location | null): void {
    const rule = location && this.rules.find((r) => matches(r.path.steps, location));
    const start = this.pos;
    if (rule) {
      this.skipValue();
      this.#edits.push({
        start,
        end: this.pos,
        text: this.replace(rule, this.text.slice(start, this.pos)),
      });
      return;
    }
    const ch = this.text[this.pos];
    if (ch !== '{' && ch !== '[') {
      this.skipValue();
      return;
    }
    const below =
      location && this.rules.some((r) => mayMatchBelow(r.path.steps, location)) ? location : null;
    if (ch === '{') this.object(below);
    else this.array(below);
  }

  replace(rule: JsonRule, raw: string): string {
    let input: string | null;
    let bare: RegExp | undefined;
    const first = raw[0];
    if (first === '"') input = JSON.parse(raw) as string;
    else if (raw === 'null') input = null;
    else {
      input = raw;
      if (raw === 'true' || raw === 'false') bare = /^(?:true|false)$/;
      else if (first !== '{' && first !== '[')
        bare = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
    }
    let output: string | null;
    try {
      output = rule.transform(input);
    } catch (error) {
      if (error instanceof ConfitureError) {
        throw new ConfitureError(
          error.code,
          `json strategy at ${rule.path.source}: ${error.message}`,
          {
            ...error.location,
            hint: error.hint,
          },
        );
      }
      throw error;
    }
    if (output === null) return 'null';
    if (output === input && first !== '"') return raw;
    return bare?.test(output) ? output : JSON.stringify(output);
  }

  object(location: Location | null): void {
    this.pos++; // {
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw this.invalid();
      const keyStart = this.pos;
      this.skipString();
      const key = location ? (JSON.parse(this.text.slice(keyStart, this.pos)) as string) : '';
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.invalid();
      this.pos++;
      this.skipSpace();
      location?.push(key);
      this.value(location);
      location?.pop();
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return;
      if (next !== ',') throw this.invalid();
    }
  }

  array(location: Location | null): void {
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipSpace();
      location?.push(index);
      this.value(location);
      location?.pop();
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return;
      if (next !== ',') throw this.invalid();
    }
  }

  skipValue(): void {
    const ch = this.text[this.pos];
    if (ch === '"') return this.skipString();
    if (ch === '{') return this.object(null);
    if (ch === '[') return this.array(null);
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(this.pos, this.pos + 400),
    );
    if (!literal) throw this.invalid();
    this.pos += literal[0].length;
  }

  skipString(): void {
    let i = this.pos + 1;
    const text = this.text;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return;
      }
      if (c === 0x5c) i += 2;
      else if (c < 0x20) throw this.invalid();
      else i++;
    }
    throw this.invalid();
  }
}

function findBracketEnd(source: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

/**
 * The key in a quoted selector: `["..."]` is a JSON string (so `\n`, `\u00e9` and the escapes a
 * JSON serialiser writes mean what they say); otherwise, and in `['...']`, a backslash keeps the
 * character after it.
 */
function unquote(quoted: string): string {
  if (quoted.startsWith('"')) {
    try {
      return JSON.parse(quoted) as string;
    } catch {
      // Not a JSON string (`"a\.b"`): read it as a single-quoted one.
    }
  }
  return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
}
