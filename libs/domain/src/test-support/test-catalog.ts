import { z } from 'zod';
import type { StrategyCatalog } from '../lib/strategy-catalog';

/**
 * A small strategy catalog for domain's own tests (domain cannot import @confiture/strategies).
 * Its option schemas mirror the shapes of the real strategies closely enough to exercise the loader.
 */
const schemas: Record<string, z.ZodType> = {
  preserve: z.strictObject({}),
  email: z.strictObject({ domain: z.string().optional(), preserve_domain: z.boolean().optional() }),
  phone: z.strictObject({
    format: z.enum(['e164', 'national', 'international']).optional(),
    redact_digits: z.number().int().min(0).optional(),
  }),
  redact: z.strictObject({ replacement: z.string().optional() }),
  name: z.strictObject({ preserve_initial: z.boolean().optional() }),
  address: z.strictObject({
    preserve_fields: z.array(z.enum(['city', 'state', 'zip'])).optional(),
  }),
  json: z.strictObject({ rules: z.array(z.unknown()).min(1) }),
};

export const testCatalog: StrategyCatalog = {
  types: Object.keys(schemas),
  optionsSchema: (type) => schemas[type],
  nestedRules: (type, options) =>
    type === 'json'
      ? (options['rules'] as unknown[]).map((rule, i) => ({ at: ['rules', i], rule }))
      : [],
};
