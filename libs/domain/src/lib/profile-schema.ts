import { z } from 'zod';
import { strictObject } from './zod-issues';

/** Name of an environment variable. */
export const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name such as CONFITURE_SEED');

/** A seed written in a profile: a number or a string of key material (for tests). */
export const seedValue = z.union([z.number().int(), z.string().min(1)]);

const strategyRefName = z.string().min(1);

/** Keys every rule understands; any other key is an option of its strategy. */
export const RULE_BASE_KEYS = [
  'column',
  'path',
  'strategy',
  'seed',
  'seed_env_var',
  'config',
  'description',
] as const;

/** A column rule as written: base keys plus the strategy's options (validated per strategy). */
export const ruleSchema = z
  .object({
    column: z.string().min(1),
    strategy: strategyRefName,
    seed: seedValue.optional(),
    seed_env_var: envVarName.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    description: z.string().optional(),
  })
  .catchall(z.unknown());

/** A rule nested in another rule's options (json paths): like a rule, keyed by `path`. */
export const nestedRuleSchema = z
  .object({
    path: z.string().min(1),
    strategy: strategyRefName,
    seed: seedValue.optional(),
    seed_env_var: envVarName.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    description: z.string().optional(),
  })
  .catchall(z.unknown());

/** A reusable named strategy (`strategies:`): a type, optional seed, options inline or in `config`. */
export const strategyDefinitionSchema = z
  .object({
    type: z.string().min(1),
    seed: seedValue.optional(),
    seed_env_var: envVarName.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    description: z.string().optional(),
  })
  .catchall(z.unknown());

/** How a filtered or sampled table treats rows whose referenced parent row was left out. */
export const orphanPolicy = z.enum(['drop', 'include_parents']);

/** Per-table settings. A table with no settings (`products:`) is copied as is. */
export const tableSettingsSchema = z.preprocess(
  (value) => (value === null ? {} : Array.isArray(value) ? { anonymization: value } : value),
  strictObject({
    anonymization: z.array(ruleSchema).optional(),
    /** Seed 002 spelling of `anonymization`. */
    rules: z.array(ruleSchema).optional(),
    filter: z.string().min(1).optional(),
    sample_rate: z.number().gt(0).lte(1).optional(),
    sampling_method: z.enum(['random', 'stratified', 'time']).optional(),
    stratify_by: z.string().min(1).optional(),
    time_column: z.string().min(1).optional(),
    on_orphans: orphanPolicy.optional(),
    description: z.string().optional(),
  }),
);

/** `global:` settings. */
export const globalSettingsSchema = strictObject({
  seed: seedValue.optional(),
  seed_env_var: envVarName.optional(),
  verify_after_sync: z.boolean().default(true),
  // No default here: whether the profile says it matters under --allow-pii (see Profile.global).
  fail_on_pii_leak: z.boolean().optional(),
  on_unmapped_pii: z.enum(['fail', 'warn', 'ignore']).default('fail'),
  on_orphans: orphanPolicy.default('drop'),
  /** What the pre-write PII detection reads (docs/governance.md, "What detection reads"). */
  pii_detection: strictObject({
    sample_rows: z.number().int().min(0).max(10_000).default(200),
    max_value_chars: z.number().int().min(256).max(10_485_760).default(65_536),
    max_json_chars: z.number().int().min(256).max(10_485_760).default(262_144),
  }).default({ sample_rows: 200, max_value_chars: 65_536, max_json_chars: 262_144 }),
});

/** `performance:` settings. */
export const performanceSettingsSchema = strictObject({
  parallel_workers: z.number().int().min(1).max(64).default(4),
  batch_size: z.number().int().min(1).max(10_000_000).default(10_000),
  disable_triggers: z.boolean().default(true),
  disable_indexes: z.boolean().default(true),
});

/** The key providers Confiture can use (`security.kms.provider`), implemented by @confiture/security. */
export const KEY_PROVIDER_NAMES = ['local', 'aws', 'vault', 'azure'] as const;
/** One of {@link KEY_PROVIDER_NAMES}. */
export type KeyProviderName = (typeof KEY_PROVIDER_NAMES)[number];

/** `security:` settings; the key provider's own options are validated by @confiture/security. */
export const securitySettingsSchema = strictObject({
  kms: z
    .object({ provider: z.enum(KEY_PROVIDER_NAMES) })
    .catchall(z.unknown())
    .optional(),
});

/** A name registered in code (a hook or a custom validator). */
const registeredName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'names use letters, digits, _, . and -');

/** Where a validator runs: on the source before anything is written, or on the target after. */
export const validatorPhase = z.enum([
  'pre_validation',
  'before_anonymization',
  'post_anonymization',
]);

const validatorBase = {
  phase: validatorPhase.default('pre_validation'),
  /** `error` stops the run; `warning` is reported and the run goes on. */
  severity: z.enum(['error', 'warning']).default('error'),
  description: z.string().optional(),
};

/** One validator of `governance.validators` (seed 001's completeness, type, range and custom). */
export const validatorSchema = z.discriminatedUnion('type', [
  strictObject({
    type: z.literal('completeness'),
    table: z.string().min(1),
    columns: z.array(z.string().min(1)).min(1),
    allow_nulls: z.boolean().default(false),
    ...validatorBase,
  }),
  strictObject({
    type: z.literal('type'),
    table: z.string().min(1),
    /** Column → expected type: a `format_type()` text (`character varying(80)`) or a category (`text`). */
    columns: z.record(z.string().min(1), z.string().min(1)),
    ...validatorBase,
  }),
  strictObject({
    type: z.literal('range'),
    table: z.string().min(1),
    column: z.string().min(1),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    ...validatorBase,
  }),
  strictObject({
    type: z.literal('custom'),
    name: registeredName,
    ...validatorBase,
  }),
]);

/** Hooks named per phase; each name must be registered in code (`@confiture/governance`). */
export const hookNamesSchema = strictObject({
  pre_validation: z.array(registeredName).default([]),
  before_anonymization: z.array(registeredName).default([]),
  anonymization: z.array(registeredName).default([]),
  post_anonymization: z.array(registeredName).default([]),
  cleanup: z.array(registeredName).default([]),
});

/** `governance:` settings: validators and hooks of the governance pipeline. */
export const governanceSettingsSchema = strictObject({
  validators: z.array(validatorSchema).default([]),
  hooks: z.preprocess((v) => v ?? {}, hookNamesSchema),
});

/** An anonymization profile document as written in YAML (seed 004 and seed 002 shapes). */
export const profileDocumentSchema = strictObject({
  version: z.union([z.number(), z.string()]).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Seed 002 spelling of `global.seed`. */
  global_seed: seedValue.optional(),
  global: z.preprocess((v) => v ?? {}, globalSettingsSchema),
  strategies: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'strategy names use letters, digits, _ and -'),
      strategyDefinitionSchema,
    )
    .default({}),
  tables: z.record(z.string().min(1), tableSettingsSchema).default({}),
  exclude_tables: z.array(z.string().min(1)).default([]),
  performance: z.preprocess((v) => v ?? {}, performanceSettingsSchema),
  security: securitySettingsSchema.optional(),
  governance: governanceSettingsSchema.optional(),
});

/** A profile document as written (input to {@link profileDocumentSchema}). */
export type ProfileDocument = z.input<typeof profileDocumentSchema>;
/** A profile document after structural validation and defaults. */
export type ParsedProfileDocument = z.output<typeof profileDocumentSchema>;
/** One rule as written. */
export type RuleDocument = z.output<typeof ruleSchema>;
/** `performance:` after defaults. */
export type PerformanceSettings = z.output<typeof performanceSettingsSchema>;
/** `security:` as written. */
export type SecuritySettings = z.output<typeof securitySettingsSchema>;
/** `governance:` after defaults. */
export type GovernanceSettings = z.output<typeof governanceSettingsSchema>;
/** One entry of `governance.validators` after defaults. */
export type ValidatorSettings = z.output<typeof validatorSchema>;
/** Orphan handling of filtered/sampled tables. */
export type OrphanPolicy = z.output<typeof orphanPolicy>;
