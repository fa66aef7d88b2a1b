import { z } from 'zod';
import { ConfitureError, type ErrorCode } from './confiture-error';
import { formatYamlPath, type YamlPath } from './safe-yaml';

/**
 * A strict object schema (unknown keys are errors) whose unknown-key message lists the allowed keys.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed}`
        : undefined,
  });
}

/** Where the issues are reported: the file and a way to find line/column of a path. */
export interface IssueContext {
  code: ErrorCode;
  file?: string;
  /** Path prefix of the validated value inside its document. */
  basePath?: YamlPath;
  /** The validated value, to quote bad values in messages. */
  input?: unknown;
  locate?: (path: YamlPath) => { line: number; col: number } | undefined;
}

/** One error per zod issue, each naming its YAML path, the bad value and what is allowed. */
export function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  context: IssueContext,
): ConfitureError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that got furthest rather than a bare "Invalid input".
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
      return issuesToErrors(
        best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
        context,
      );
    }
    const path = [...(context.basePath ?? []), ...issue.path.map(toKey)];
    const value = valueAt(context.input, issue.path.map(toKey));
    return [
      new ConfitureError(context.code, describeIssue(issue, value), {
        file: context.file,
        path: formatYamlPath(path),
        ...(context.locate?.(path) ?? {}),
      }),
    ];
  });
}

/** A single error that carries every issue as details; its message is the first issue's. */
export function combineErrors(
  errors: ConfitureError[],
  summary: string,
  hint?: string,
): ConfitureError {
  const first = errors[0];
  if (!first) throw new Error('combineErrors needs at least one error');
  if (errors.length === 1) {
    return new ConfitureError(first.code, first.message, {
      ...first.location,
      hint: hint ?? first.hint,
    });
  }
  return new ConfitureError(first.code, `${summary}: ${errors.length} problems`, {
    file: first.location.file,
    details: errors,
    hint,
  });
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `is required (${issue.expected})`;
      return `expected ${issue.expected}, got ${show(value)}`;
    case 'invalid_value':
      return `${show(value)} is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp =
        issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const what =
        issue.origin === 'string'
          ? 'length'
          : issue.origin === 'array'
            ? 'number of items'
            : 'value';
      return `${show(value)}: ${what} must be ${cmp} ${String(bound)}`;
    }
    default:
      return value === undefined || issue.code === 'unrecognized_keys'
        ? issue.message
        : `${show(value)}: ${issue.message}`;
  }
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function toKey(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
