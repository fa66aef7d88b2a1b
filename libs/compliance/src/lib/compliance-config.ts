import {
  combineErrors,
  issuesToErrors,
  parseYamlSafely,
  readYamlFile,
  strictObject,
  type ParsedYaml,
} from '@confiture/domain';
import { z } from 'zod';
import { REGULATION_IDS } from './regulation-id';
import { subjectsConfigSchema } from './subjects/subjects-config';

const text = z.string().trim().min(1);
const isoDate = z.iso.date();

/** A person or body with a way to reach them. */
const contactSchema = strictObject({
  name: text,
  /** An address, e-mail or form URL: a role mailbox, not a private address, belongs here. */
  contact: text,
  address: text.optional(),
});

/**
 * The parts of compliance.yaml, as a shape that later sections extend (issue 19 adds `subjects:`
 * for data-subject rights by adding one key here). Every object is strict: an unknown key is an
 * error naming the file, the YAML path and the keys allowed.
 */
export const complianceConfigShape = {
  version: z.literal(1).default(1),
  /** The controller (GDPR), business (CCPA), organization (PIPEDA), responsible party (POPIA). */
  controller: contactSchema,
  /** The DPO / encarregado / information officer, or why none is required. */
  dpo: z
    .union([contactSchema, strictObject({ required: z.literal(false), reason: text })])
    .optional(),
  /** Why the staging copy exists, each with its legal basis. */
  purposes: z
    .array(strictObject({ name: text, legal_basis: text.optional(), description: text.optional() }))
    .optional(),
  /** Categories of data subjects (customers, employees, ...). */
  data_subjects: z.array(text).optional(),
  /** Categories of personal data (contact details, payment data, ...). */
  data_categories: z.array(text).optional(),
  /** Who receives the copy; `[]` declares that nobody outside the team does. */
  recipients: z
    .array(
      strictObject({
        name: text,
        role: z.enum(['internal', 'processor', 'controller', 'third_party']).optional(),
        country: text.optional(),
      }),
    )
    .optional(),
  /** How long the copy and the records are kept. */
  retention: strictObject({ copy: text, records: text.optional() }).optional(),
  /** Cross-border transfers; `[]` declares none. */
  transfers: z
    .array(
      strictObject({
        to: text,
        mechanism: text.optional(),
        regulations: z.array(z.enum(REGULATION_IDS)).optional(),
      }),
    )
    .optional(),
  /** The regulations the controller operates under (reports name it when one is not listed). */
  applicable_regulations: z.array(z.enum(REGULATION_IDS)).optional(),
  /** Breach response: who runs it. */
  breach: strictObject({ contact: text }).optional(),
  /** Where data subjects send requests. */
  subject_requests: strictObject({ contact: text }).optional(),
  /** PII columns a PII audit flags that the controller declares hold no personal data, with why. */
  declared_safe: z.array(strictObject({ table: text, column: text, reason: text })).optional(),
  /** Public holidays skipped when counting business days, per regulation (YYYY-MM-DD). */
  holidays: z.partialRecord(z.enum(REGULATION_IDS), z.array(isoDate)).optional(),
  /** Data subjects: the root table, the identifiers a request may use, the erasure policy. */
  subjects: subjectsConfigSchema.optional(),
};

/** The schema of compliance.yaml. */
export const complianceConfigSchema = strictObject(complianceConfigShape);

/** A validated compliance.yaml. */
export type ComplianceConfig = z.infer<typeof complianceConfigSchema> & { file?: string };

/** Reads and validates compliance.yaml (safe YAML, strict schema, errors with file and YAML path). */
export function loadComplianceConfig(file: string): ComplianceConfig {
  return validateParsed(readYamlFile(file));
}

/** Like {@link loadComplianceConfig}, for YAML text already in memory. */
export function parseComplianceConfig(text: string, file: string): ComplianceConfig {
  return validateParsed(parseYamlSafely(text, file));
}

function validateParsed(parsed: ParsedYaml): ComplianceConfig {
  const result = complianceConfigSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    throw combineErrors(
      issuesToErrors(result.error.issues, {
        code: 'CONFIG_INVALID',
        file: parsed.file,
        input: parsed.value,
        locate: parsed.locate,
      }),
      `invalid compliance config ${parsed.file}`,
      'See docs/compliance.md for the compliance.yaml reference, and examples/compliance.yaml.',
    );
  }
  return { ...result.data, file: parsed.file };
}
