import type { QualifiedName } from '@confiture/domain';
import { findPiiInText } from '@confiture/strategies';
import type { CatalogColumn } from '@confiture/sync';
import { commentSignals, kindFitsCategory, nameSignals, type NameSignal } from './column-names';
import { PII_KIND_LABELS, VALUE_KIND_PHRASES, type PiiKind, type ValueKind } from './pii-kind';
import { classifyValue } from './classify-value';
import { holdsPersonName } from './person-name-text';

/** Values read from one column: scalars as text, JSON documents parsed, array elements as text. */
export type ColumnSample = (
  | { shape: 'scalar'; values: string[] }
  | { shape: 'json'; values: unknown[] }
  | { shape: 'array'; values: string[][]; elementsAreJson?: boolean }
) & {
  /** Values (or elements) longer than the read limit, read in part. */
  truncated?: number;
};

/** One reason to think a column holds PII. Never contains a value from the data. */
export interface Evidence {
  source: 'name' | 'comment' | 'type' | 'values' | 'json-key';
  kind: PiiKind;
  /** 0..1 */
  confidence: number;
  /** What was seen, e.g. `18 of 20 sampled values are email addresses`. */
  detail: string;
  /** JSON path (`$.contact.phone`) for evidence inside JSON documents. */
  path?: string;
  /** The PII was found inside longer values rather than as the whole value. */
  embedded?: boolean;
}

/** The verdict on one column. */
export interface ColumnFinding {
  table: QualifiedName;
  column: string;
  /** `format_type()` text, e.g. `text[]`. */
  type: string;
  category: CatalogColumn['category'];
  isArray: boolean;
  /** Whether the column is considered PII (confidence at or above the threshold). */
  pii: boolean;
  /** The kind of PII; for containers (free text, JSON, arrays) the inner kinds are in `contains`. */
  kind?: PiiKind;
  /** Kinds found inside free text, JSON documents or array elements. */
  contains: ValueKind[];
  /** 0..0.99, rounded to two decimals. */
  confidence: number;
  evidence: Evidence[];
  /** JSON paths where PII was found (json/jsonb columns). */
  jsonPaths: string[];
  /** Non-null values examined (array elements count one by one). */
  sampledValues: number;
}

/** Default confidence at which a column counts as PII. */
export const DEFAULT_PII_THRESHOLD = 0.5;

/** How much a whole value of each kind convinces (validated patterns convince more). */
const WHOLE_STRENGTH: Record<ValueKind, number> = {
  email: 0.95,
  iban: 0.97,
  card_number: 0.95,
  national_id: 0.9,
  ip_address: 0.85,
  phone: 0.8,
  person_name: 0.75,
  postal_address: 0.75,
  date_of_birth: 0.75,
};

/**
 * How much one value *containing* a match convinces. An IP-like run inside text may be a version
 * number, so it takes two; one valid email, IBAN or card number inside a note is enough.
 */
const EMBEDDED_STRENGTH: Partial<Record<ValueKind, number>> = {
  email: 0.7,
  iban: 0.75,
  card_number: 0.7,
  national_id: 0.65,
  phone: 0.55,
  ip_address: 0.4,
  postal_address: 0.5,
  // A name in a note is weaker evidence than a checksum: four sampled values make the column PII.
  person_name: 0.2,
};

/** Share of sampled values that must be of a kind for the column to be of that kind. */
const WHOLE_SHARE = 0.5;

/**
 * Shapes of checksum-validated kinds. A random digit run passes Luhn one time in ten: when most
 * values of a column have a card's shape but fail the check (barcodes, account numbers), the few
 * that pass are chance, not cards.
 */
const CHECKSUM_SHAPES: Partial<Record<ValueKind, RegExp>> = {
  card_number: /^\d(?:[ -]?\d){11,18}$/,
  iban: /^[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}$/,
};

/** Inputs of {@link classifyColumn}. */
export interface ClassifyColumnInput {
  table: QualifiedName;
  column: CatalogColumn;
  sample?: ColumnSample;
  threshold?: number;
}

/**
 * Classifies one column from its name, comment, type and (optionally) a sample of its values.
 * Pure: the sample is read elsewhere.
 */
export function classifyColumn({
  table,
  column,
  sample,
  threshold = DEFAULT_PII_THRESHOLD,
}: ClassifyColumnInput): ColumnFinding {
  const evidence: Evidence[] = [];
  const fits = (signal: NameSignal) =>
    column.category !== 'boolean' &&
    (kindFitsCategory(signal.kind, column.category) || signal.kind === 'other');
  for (const signal of nameSignals(column.name, table.name).filter(fits)) {
    evidence.push({
      source: 'name',
      kind: signal.kind,
      confidence: signal.confidence,
      detail: `column name contains "${signal.term}" (${PII_KIND_LABELS[signal.kind]})`,
    });
  }
  if (column.comment) {
    for (const signal of commentSignals(column.comment).filter(fits)) {
      evidence.push({
        source: 'comment',
        kind: signal.kind,
        confidence: signal.confidence,
        detail: `column comment mentions "${signal.term}"`,
      });
    }
  }
  if (column.category === 'inet') {
    const cidr = /^cidr/.test(column.type);
    evidence.push({
      source: 'type',
      kind: 'ip_address',
      confidence: cidr ? 0.75 : 0.95,
      detail: `type ${column.type} holds IP ${cidr ? 'networks' : 'addresses'}`,
    });
  }
  let sampledValues = 0;
  const jsonPaths = new Set<string>();
  if (sample) {
    if (sample.shape === 'scalar') {
      sampledValues = sample.values.length;
      evidence.push(
        ...valueEvidence(sample.values, column.category === 'text' || column.category === 'other'),
      );
    } else if (sample.shape === 'array') {
      if (sample.elementsAreJson) {
        const documents = sample.values.flat().map(parseJson);
        sampledValues = documents.length;
        evidence.push(...jsonEvidence(documents, table, jsonPaths));
      } else {
        const elements = sample.values.flat();
        sampledValues = elements.length;
        evidence.push(...valueEvidence(elements, true, 'elements'));
      }
    } else {
      sampledValues = sample.values.length;
      evidence.push(...jsonEvidence(sample.values, table, jsonPaths));
    }
  }
  return verdict(table, column, evidence, threshold, sampledValues, [...jsonPaths].sort());
}

function verdict(
  table: QualifiedName,
  column: CatalogColumn,
  evidence: Evidence[],
  threshold: number,
  sampledValues: number,
  jsonPaths: string[],
): ColumnFinding {
  const base = {
    table,
    column: column.name,
    type: column.type,
    category: column.category,
    isArray: column.isArray,
    evidence,
    jsonPaths,
    sampledValues,
  };
  if (evidence.length === 0) return { ...base, pii: false, contains: [], confidence: 0 };
  const inner = distinct(
    evidence
      .map((e) => e.kind)
      .filter(
        (k): k is ValueKind => k !== 'free_text' && k !== 'other' && k !== 'json' && k !== 'array',
      ),
  );
  let kind: PiiKind;
  let contains: ValueKind[] = [];
  let confidence: number;
  if (column.isArray || column.category === 'json' || column.category === 'jsonb') {
    kind = column.isArray ? 'array' : 'json';
    contains = inner;
    confidence = noisyOr(evidence.map((e) => e.confidence));
  } else {
    const scores = new Map<PiiKind, number>();
    const add = (k: PiiKind, c: number) => scores.set(k, 1 - (1 - (scores.get(k) ?? 0)) * (1 - c));
    for (const e of evidence) add(e.embedded ? 'free_text' : e.kind, e.confidence);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    [kind, confidence] = ranked[0]!;
    if (kind === 'free_text') {
      contains = distinct(evidence.filter((e) => e.embedded).map((e) => e.kind as ValueKind));
    }
  }
  // Evidence adds up, but nothing is certain from names and samples: at most 0.99.
  confidence = Math.min(0.99, Math.round(confidence * 100) / 100);
  return { ...base, pii: confidence >= threshold, kind, contains, confidence };
}

/** Evidence from plain values: whole-value kinds when they dominate, embedded matches otherwise. */
function valueEvidence(values: string[], scanText: boolean, noun = 'values'): Evidence[] {
  const n = values.length;
  if (n === 0) return [];
  const whole = new Map<ValueKind, number>();
  const embedded = new Map<ValueKind, number>();
  const shaped = new Map<ValueKind, number>();
  for (const value of values) {
    for (const [kind, shape] of Object.entries(CHECKSUM_SHAPES) as [ValueKind, RegExp][]) {
      if (shape.test(value.trim())) shaped.set(kind, (shaped.get(kind) ?? 0) + 1);
    }
    const kind = classifyValue(value);
    if (kind) {
      whole.set(kind, (whole.get(kind) ?? 0) + 1);
      continue;
    }
    if (!scanText || value.length < 6) continue;
    for (const k of distinct(findPiiInText(value).map((m) => m.kind))) {
      embedded.set(k, (embedded.get(k) ?? 0) + 1);
    }
    if (holdsPersonName(value)) embedded.set('person_name', (embedded.get('person_name') ?? 0) + 1);
  }
  const evidence: Evidence[] = [];
  for (const [kind, count] of whole) {
    // Mostly failing the checksum: the values that pass do so by chance.
    if (count < (shaped.get(kind) ?? 0) * WHOLE_SHARE) continue;
    const share = count / n;
    if (share >= WHOLE_SHARE) {
      evidence.push({
        source: 'values',
        kind,
        confidence: WHOLE_STRENGTH[kind] * (0.8 + 0.2 * share),
        detail: `${count} of ${n} sampled ${noun} are ${plural(kind)}`,
      });
    } else if (EMBEDDED_STRENGTH[kind] !== undefined && scanText) {
      embedded.set(kind, (embedded.get(kind) ?? 0) + count);
    }
  }
  for (const [kind, count] of embedded) {
    const strength = EMBEDDED_STRENGTH[kind] ?? 0;
    evidence.push({
      source: 'values',
      kind,
      confidence: 1 - (1 - strength) ** count,
      detail: `${count} of ${n} sampled ${noun} contain ${article(kind)}`,
      embedded: true,
    });
  }
  return evidence;
}

interface PathStats {
  values: string[];
  keySignals: NameSignal[];
}

/** How a detection names the object keys at a JSON path (no json rule path can reach them). */
export const JSON_KEYS_SUFFIX = ' (object keys)';

/** Evidence from JSON documents: key names and leaf values, per path (`$.contact.phone`). */
function jsonEvidence(documents: unknown[], table: QualifiedName, found: Set<string>): Evidence[] {
  const paths = new Map<string, PathStats>();
  /** Object keys seen at each path: PII can be a key (`{"alice@example.com": {...}}`). */
  const keys = new Map<string, string[]>();
  const visit = (
    node: unknown,
    path: string,
    key: string | undefined,
    parentKey: string | undefined,
    depth: number,
  ) => {
    if (depth > 32 || node === null || node === undefined) return;
    if (Array.isArray(node)) {
      for (const item of node.slice(0, 100)) visit(item, `${path}[*]`, key, parentKey, depth + 1);
      return;
    }
    if (typeof node === 'object') {
      const entries = Object.entries(node as Record<string, unknown>).slice(0, 200);
      const seen = keys.get(path) ?? [];
      if (seen.length < 1000) seen.push(...entries.map(([k]) => k));
      keys.set(path, seen);
      for (const [k, v] of entries) {
        visit(v, `${path}${jsonKey(k)}`, k, key, depth + 1);
      }
      return;
    }
    if (typeof node === 'boolean') return;
    let stats = paths.get(path);
    if (!stats) {
      const category = typeof node === 'number' ? 'numeric' : 'text';
      const context = parentKey ?? table.name;
      stats = {
        values: [],
        keySignals: key
          ? nameSignals(key, context).filter(
              (s) =>
                s.kind !== 'free_text' && s.kind !== 'other' && kindFitsCategory(s.kind, category),
            )
          : [],
      };
      paths.set(path, stats);
    }
    stats.values.push(String(node));
  };
  // A document cut at the sampling limit is not parseable and arrives as a string: scanned as text.
  for (const document of documents) visit(document, '$', undefined, undefined, 0);
  const evidence: Evidence[] = [];
  for (const [path, stats] of paths) {
    let any = false;
    for (const signal of stats.keySignals) {
      any = true;
      evidence.push({
        source: 'json-key',
        kind: signal.kind,
        confidence: signal.confidence * 0.95,
        detail: `key ${path} is named like ${article(signal.kind)}`,
        path,
      });
    }
    for (const e of valueEvidence(stats.values, true)) {
      any = true;
      evidence.push({ ...e, detail: `${path}: ${e.detail}`, path });
    }
    if (any) found.add(path);
  }
  for (const [path, names] of keys) {
    const where = `${path}${JSON_KEYS_SUFFIX}`;
    let any = false;
    // Whole keys only: ordinary key names must not read as free text holding a name.
    for (const e of valueEvidence(names, false, 'keys')) {
      any = true;
      evidence.push({ ...e, detail: `${where}: ${e.detail}`, path: where });
    }
    if (any) found.add(where);
  }
  return evidence;
}

/** A key as a path step in the json strategy's syntax: `.email` or `["a key"]`. */
function jsonKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function noisyOr(confidences: number[]): number {
  return 1 - confidences.reduce((rest, c) => rest * (1 - c), 1);
}

function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function plural(kind: ValueKind): string {
  return VALUE_KIND_PHRASES[kind].many;
}

function article(kind: PiiKind): string {
  return kind in VALUE_KIND_PHRASES
    ? VALUE_KIND_PHRASES[kind as ValueKind].one
    : PII_KIND_LABELS[kind];
}
