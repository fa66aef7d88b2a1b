import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { ConfitureError } from './confiture-error';
import {
  envVarName,
  nestedRuleSchema,
  profileDocumentSchema,
  RULE_BASE_KEYS,
  seedValue,
  type GovernanceSettings,
  type OrphanPolicy,
  type ParsedProfileDocument,
  type PerformanceSettings,
  type SecuritySettings,
} from './profile-schema';
import { formatQualifiedName, parseQualifiedName, type QualifiedName } from './qualified-name';
import {
  formatYamlPath,
  parseYamlSafely,
  readYamlFile,
  type ParsedYaml,
  type YamlPath,
} from './safe-yaml';
import type { SeedSource } from './seed-source';
import type { StrategyCatalog } from './strategy-catalog';
import { combineErrors, issuesToErrors } from './zod-issues';

/** A column rule with its strategy reference resolved and its options validated. */
export interface ResolvedRule {
  /** The column (top-level rules) or the JSON path (rules nested in `json`). */
  column: string;
  /** The strategy as the rule names it: a name from `strategies:` or a type. */
  strategy: string;
  /** The strategy type. */
  type: string;
  /** Validated options (definition options overridden by the rule's own). */
  options: Record<string, unknown>;
  /** Seed declared on the rule or on its named strategy; the global seed applies otherwise. */
  seed?: SeedSource;
  /** YAML path of the rule, for messages. */
  path: string;
}

/** Settings and rules of one table. */
export interface TableProfile {
  /** The key as written in the profile. */
  key: string;
  table: QualifiedName;
  rules: ResolvedRule[];
  filter?: string;
  sampleRate?: number;
  samplingMethod: 'random' | 'stratified' | 'time';
  stratifyBy?: string;
  timeColumn?: string;
  onOrphans: OrphanPolicy;
  path: string;
}

/** A validated, resolved anonymization profile. */
export interface Profile {
  file?: string;
  /** SHA-256 of the profile's bytes (of its canonical JSON when built in memory). */
  sha256: string;
  name: string;
  version?: string;
  global: {
    seed?: SeedSource;
    verifyAfterSync: boolean;
    /** Whether a PII leak found by verification fails the sync (default true). */
    failOnPiiLeak: boolean;
    /**
     * Whether the profile sets `fail_on_pii_leak` itself: only then does a leak found by the
     * pattern scan still fail a sync run with `--allow-pii` (docs/sync.md).
     */
    failOnPiiLeakExplicit?: boolean;
    onUnmappedPii: 'fail' | 'warn' | 'ignore';
    onOrphans: OrphanPolicy;
    /** What the pre-write PII detection reads: rows per table, characters per value. */
    piiDetection: { sampleRows: number; maxValueChars: number; maxJsonChars: number };
  };
  tables: TableProfile[];
  excludeTables: QualifiedName[];
  performance: PerformanceSettings;
  security?: SecuritySettings;
  /** Validators and hooks of the governance pipeline (run by `@confiture/governance`). */
  governance?: GovernanceSettings;
}

/** Options of {@link loadProfile} and {@link resolveProfile}. */
export interface LoadProfileOptions {
  catalog: StrategyCatalog;
}

/**
 * Reads, safely parses and validates a profile file. Every problem is reported at once, each with
 * the file, line, YAML path, the bad value and what is allowed.
 */
export function loadProfile(file: string, options: LoadProfileOptions): Profile {
  const parsed = readYamlFile(file);
  return resolveParsed(parsed, options, sha256(parsed.source));
}

/** Like {@link loadProfile}, for YAML text already in memory. */
export function parseProfile(text: string, file: string, options: LoadProfileOptions): Profile {
  return resolveParsed(parseYamlSafely(text, file), options, sha256(text));
}

/** Validates a profile given as a plain object (built in code, or received over HTTP). */
export function resolveProfile(
  document: unknown,
  options: LoadProfileOptions & { name?: string },
): Profile {
  const parsed: ParsedYaml = {
    value: document,
    file: options.name ?? 'profile',
    source: JSON.stringify(document),
    locate: () => undefined,
  };
  return resolveParsed(parsed, options, sha256(parsed.source), false);
}

function resolveParsed(
  parsed: ParsedYaml,
  { catalog }: LoadProfileOptions,
  digest: string,
  fromFile = true,
): Profile {
  const file = parsed.file;
  const context = { code: 'PROFILE_INVALID' as const, file, locate: parsed.locate };
  const structural = profileDocumentSchema.safeParse(parsed.value ?? {});
  if (!structural.success) {
    const issues = structural.error.issues.map((issue) => ({
      ...issue,
      path: documentPath(parsed.value, issue.path),
    }));
    throw combineErrors(
      issuesToErrors(issues, { ...context, input: parsed.value }),
      `invalid profile ${file}`,
      PROFILE_HINT,
    );
  }
  const resolver = new ProfileResolver(structural.data, catalog, parsed);
  const profile = resolver.resolve(digest, fromFile ? file : undefined);
  if (resolver.errors.length > 0) {
    throw combineErrors(resolver.errors, `invalid profile ${file}`, PROFILE_HINT);
  }
  return profile;
}

const PROFILE_HINT =
  'See docs/profile.md for the profile format, and docs/strategies.md for each strategy.';

interface OptionSource {
  options: Record<string, unknown>;
  /** Where each option key was written. */
  origins: Map<string, YamlPath>;
  seed?: SeedSource;
  type: string;
}

class ProfileResolver {
  readonly errors: ConfitureError[] = [];

  constructor(
    private readonly doc: ParsedProfileDocument,
    private readonly catalog: StrategyCatalog,
    private readonly parsed: ParsedYaml,
  ) {}

  resolve(digest: string, file: string | undefined): Profile {
    const doc = this.doc;
    if (doc.global_seed !== undefined && doc.global.seed !== undefined) {
      this.fail(['global_seed'], 'global_seed and global.seed are both set; keep one');
    }
    const globalSeedValue = doc.global.seed ?? doc.global_seed;
    const globalSeed = this.seedSource(
      globalSeedValue,
      doc.global.seed_env_var,
      doc.global.seed !== undefined ? ['global'] : ['global_seed'],
      ['global'],
    );
    const seen = new Map<string, string>();
    const tables: TableProfile[] = [];
    for (const [key, settings] of Object.entries(doc.tables)) {
      const table = this.tableName(key, ['tables', key]);
      if (!table) continue;
      const id = formatQualifiedName(table);
      const previous = seen.get(id);
      if (previous !== undefined) {
        this.fail(['tables', key], `tables "${previous}" and "${key}" name the same table ${id}`);
        continue;
      }
      seen.set(id, key);
      tables.push(this.table(key, table, settings));
    }
    const excludeTables: QualifiedName[] = [];
    doc.exclude_tables.forEach((key, index) => {
      const table = this.tableName(key, ['exclude_tables', index]);
      if (!table) return;
      const configured = seen.get(formatQualifiedName(table));
      const configuredTable = tables.find((t) => t.key === configured);
      if (configuredTable && configuredTable.rules.length > 0) {
        this.fail(
          ['exclude_tables', index],
          `"${key}" is excluded but also has anonymization rules under tables.${configured}`,
        );
      }
      excludeTables.push(table);
    });
    return {
      ...(file ? { file } : {}),
      sha256: digest,
      name: doc.name ?? (file ? basename(file, extname(file)) : 'profile'),
      ...(doc.version !== undefined ? { version: String(doc.version) } : {}),
      global: {
        ...(globalSeed ? { seed: globalSeed } : {}),
        verifyAfterSync: doc.global.verify_after_sync,
        failOnPiiLeak: doc.global.fail_on_pii_leak ?? true,
        ...(doc.global.fail_on_pii_leak !== undefined ? { failOnPiiLeakExplicit: true } : {}),
        onUnmappedPii: doc.global.on_unmapped_pii,
        onOrphans: doc.global.on_orphans,
        piiDetection: {
          sampleRows: doc.global.pii_detection.sample_rows,
          maxValueChars: doc.global.pii_detection.max_value_chars,
          maxJsonChars: doc.global.pii_detection.max_json_chars,
        },
      },
      tables,
      excludeTables,
      performance: doc.performance,
      ...(doc.security ? { security: doc.security } : {}),
      ...(doc.governance ? { governance: doc.governance } : {}),
    };
  }

  private table(
    key: string,
    table: QualifiedName,
    settings: ParsedProfileDocument['tables'][string],
  ): TableProfile {
    const base: YamlPath = ['tables', key];
    if (settings.anonymization && settings.rules) {
      this.fail([...base, 'rules'], 'use either "anonymization" or "rules", not both');
    }
    const listKey = settings.rules ? 'rules' : 'anonymization';
    // A table written as a bare list (`users: [...]`) has its rules directly under its key.
    const listPath: YamlPath = isListTable(this.parsed.value, key) ? base : [...base, listKey];
    const rules: ResolvedRule[] = [];
    const columns = new Map<string, number>();
    (settings.rules ?? settings.anonymization ?? []).forEach((raw, index) => {
      const path: YamlPath = [...listPath, index];
      const first = columns.get(raw.column);
      if (first !== undefined) {
        this.fail(
          [...path, 'column'],
          `column "${raw.column}" already has a rule at ${formatYamlPath([...listPath, first])}`,
        );
        return;
      }
      columns.set(raw.column, index);
      const rule = this.rule(raw as Record<string, unknown>, path, 'column');
      if (rule) rules.push(rule);
    });
    const method = settings.sampling_method ?? 'random';
    if (method === 'stratified' && !settings.stratify_by) {
      this.fail(
        [...base, 'sampling_method'],
        'sampling_method "stratified" needs stratify_by: <column>',
      );
    }
    if (method === 'time' && !settings.time_column) {
      this.fail([...base, 'sampling_method'], 'sampling_method "time" needs time_column: <column>');
    }
    if (settings.sampling_method && settings.sample_rate === undefined) {
      this.fail([...base, 'sampling_method'], 'sampling_method has no effect without sample_rate');
    }
    return {
      key,
      table,
      rules,
      ...(settings.filter ? { filter: settings.filter } : {}),
      ...(settings.sample_rate !== undefined && settings.sample_rate < 1
        ? { sampleRate: settings.sample_rate }
        : {}),
      samplingMethod: method,
      ...(settings.stratify_by ? { stratifyBy: settings.stratify_by } : {}),
      ...(settings.time_column ? { timeColumn: settings.time_column } : {}),
      onOrphans: settings.on_orphans ?? this.doc.global.on_orphans,
      path: formatYamlPath(base),
    };
  }

  /** Resolves one rule (top-level with `column`, or nested with `path`). */
  private rule(
    raw: Record<string, unknown>,
    path: YamlPath,
    targetKey: 'column' | 'path',
  ): ResolvedRule | undefined {
    const reference = raw['strategy'] as string;
    const source = this.strategySource(reference, [...path, 'strategy']);
    if (!source) return undefined;
    const options = { ...source.options };
    const origins = new Map(source.origins);
    const own = splitOptions(raw, path);
    for (const [key, value] of Object.entries(own.options)) {
      options[key] = value;
      origins.set(key, own.origins.get(key) ?? [...path, key]);
    }
    const validated = this.validateOptions(source.type, options, origins, path);
    if (!validated) return undefined;
    const seed =
      this.seedSource(baseValue(raw, 'seed'), baseValue(raw, 'seed_env_var'), path, path) ??
      source.seed;
    return {
      column: raw[targetKey] as string,
      strategy: reference,
      type: source.type,
      options: validated,
      ...(seed ? { seed } : {}),
      path: formatYamlPath(path),
    };
  }

  /** The type, options and seed a strategy reference stands for. */
  private strategySource(reference: string, at: YamlPath): OptionSource | undefined {
    const named = this.doc.strategies[reference];
    if (named) {
      const base: YamlPath = ['strategies', reference];
      if (!this.catalog.optionsSchema(named.type)) {
        this.fail(
          [...base, 'type'],
          `unknown strategy type "${named.type}"; allowed: ${this.catalog.types.join(', ')}`,
        );
        return undefined;
      }
      const { options, origins } = splitOptions(named as Record<string, unknown>, base, ['type']);
      const raw = named as Record<string, unknown>;
      const seed = this.seedSource(
        baseValue(raw, 'seed'),
        baseValue(raw, 'seed_env_var'),
        base,
        base,
      );
      return { type: named.type, options, origins, ...(seed ? { seed } : {}) };
    }
    if (this.catalog.optionsSchema(reference)) {
      return { type: reference, options: {}, origins: new Map() };
    }
    const names = Object.keys(this.doc.strategies);
    this.fail(
      at,
      `unknown strategy "${reference}"; allowed: ${[...names, ...this.catalog.types].join(', ')}`,
    );
    return undefined;
  }

  private validateOptions(
    type: string,
    options: Record<string, unknown>,
    origins: Map<string, YamlPath>,
    rulePath: YamlPath,
  ): Record<string, unknown> | undefined {
    const schema = this.catalog.optionsSchema(type);
    if (!schema) return undefined;
    const result = schema.safeParse(options);
    if (!result.success) {
      const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
      for (const raw of result.error.issues) {
        const issue =
          raw.code === 'unrecognized_keys' && raw.path.length === 0 && allowed
            ? {
                ...raw,
                message: `unknown option${raw.keys.length > 1 ? 's' : ''} ${raw.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed.join(', ') || '(none)'}`,
              }
            : raw;
        const [first, ...rest] = issue.path;
        const origin = typeof first === 'string' ? origins.get(first) : undefined;
        const errors = issuesToErrors([{ ...issue, path: rest }], {
          code: 'PROFILE_INVALID',
          file: this.parsed.file,
          basePath: origin ?? (first === undefined ? rulePath : [...rulePath, first as string]),
          input: typeof first === 'string' ? options[first] : options,
          locate: this.parsed.locate,
        });
        for (const error of errors) {
          this.errors.push(
            new ConfitureError(error.code, `${type} strategy: ${error.message}`, error.location),
          );
        }
      }
      return undefined;
    }
    const validated = result.data as Record<string, unknown>;
    for (const nested of this.catalog.nestedRules?.(type, validated) ?? []) {
      const [head, ...tail] = nested.at;
      const origin = typeof head === 'string' ? origins.get(head) : undefined;
      const nestedPath: YamlPath = [...(origin ?? [...rulePath, String(head)]), ...tail];
      const structural = nestedRuleSchema.safeParse(nested.rule);
      if (!structural.success) {
        this.errors.push(
          ...issuesToErrors(structural.error.issues, {
            code: 'PROFILE_INVALID',
            file: this.parsed.file,
            basePath: nestedPath,
            input: nested.rule,
            locate: this.parsed.locate,
          }),
        );
        continue;
      }
      const resolved = this.rule(structural.data as Record<string, unknown>, nestedPath, 'path');
      if (resolved) setAt(validated, nested.at, resolved);
    }
    return validated;
  }

  private seedSource(
    value: unknown,
    envVar: unknown,
    valuePath: YamlPath,
    envPath: YamlPath,
  ): SeedSource | undefined {
    if (value !== undefined && envVar !== undefined) {
      this.fail([...valuePath, 'seed'], 'set either seed or seed_env_var, not both');
    }
    if (envVar !== undefined) {
      const parsed = envVarName.safeParse(envVar);
      if (!parsed.success) {
        this.fail(
          [...envPath, 'seed_env_var'],
          `${JSON.stringify(envVar)} is not an environment variable name`,
        );
        return undefined;
      }
      return {
        kind: 'env',
        variable: parsed.data,
        declaredAt: formatYamlPath([...envPath, 'seed_env_var']),
      };
    }
    if (value !== undefined && !seedValue.safeParse(value).success) {
      this.fail([...valuePath, 'seed'], 'seed must be an integer or a non-empty string');
      return undefined;
    }
    if (typeof value === 'string' || typeof value === 'number') {
      return {
        kind: 'literal',
        value: String(value),
        declaredAt: formatYamlPath([...valuePath, 'seed']),
      };
    }
    return undefined;
  }

  private tableName(key: string, path: YamlPath): QualifiedName | undefined {
    try {
      return parseQualifiedName(key);
    } catch (error) {
      this.fail(path, error instanceof ConfitureError ? error.message : String(error));
      return undefined;
    }
  }

  private fail(path: YamlPath, message: string): void {
    this.errors.push(
      new ConfitureError('PROFILE_INVALID', message, {
        file: this.parsed.file,
        path: formatYamlPath(path),
        ...(this.parsed.locate(path) ?? {}),
      }),
    );
  }
}

/** Options of a rule or definition: its non-base keys, plus those under `config:`. */
function splitOptions(
  raw: Record<string, unknown>,
  path: YamlPath,
  extraBaseKeys: readonly string[] = [],
): { options: Record<string, unknown>; origins: Map<string, YamlPath> } {
  const base = new Set<string>([...RULE_BASE_KEYS, ...extraBaseKeys]);
  const options: Record<string, unknown> = {};
  const origins = new Map<string, YamlPath>();
  const config = raw['config'];
  if (config && typeof config === 'object') {
    for (const [key, value] of Object.entries(config)) {
      if (base.has(key)) continue;
      options[key] = value;
      origins.set(key, [...path, 'config', key]);
    }
  }
  for (const [key, value] of Object.entries(raw)) {
    if (base.has(key)) continue;
    options[key] = value;
    origins.set(key, [...path, key]);
  }
  return { options, origins };
}

/** A base key (seed, seed_env_var) written on the rule itself or under its `config:`. */
function baseValue(raw: Record<string, unknown>, key: 'seed' | 'seed_env_var'): unknown {
  const config = raw['config'];
  const nested =
    config && typeof config === 'object' ? (config as Record<string, unknown>)[key] : undefined;
  return raw[key] ?? nested;
}

/** Whether `tables.<key>` is written as a bare list of rules. */
function isListTable(document: unknown, key: string): boolean {
  const tables = (document as { tables?: Record<string, unknown> } | null)?.tables;
  return Array.isArray(tables?.[key]);
}

/** Maps a path in the normalised document back to the document as written. */
function documentPath(document: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const [first, key, list, ...rest] = path;
  if (
    first === 'tables' &&
    typeof key === 'string' &&
    list === 'anonymization' &&
    isListTable(document, key)
  ) {
    return [first, key, ...rest];
  }
  return [...path];
}

function setAt(root: Record<string, unknown>, path: YamlPath, value: unknown): void {
  let current: unknown = root;
  path.slice(0, -1).forEach((key) => {
    current = (current as Record<string | number, unknown>)[key];
  });
  const last = path[path.length - 1];
  if (last !== undefined) (current as Record<string | number, unknown>)[last] = value;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
