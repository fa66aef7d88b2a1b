import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy } from '../strategy-definition';

/** Copies the value unchanged (primary keys, non-personal columns listed for clarity). */
export const preserve = defineStrategy({
  type: 'preserve',
  description: 'Copies the value unchanged.',
  options: strictObject({}) as z.ZodType<Record<string, never>>,
  accepts: 'any',
  contract: declareContract({
    reversible: true,
    formatPreserving: true,
    injective: true,
    leakCheck: false,
  }),
  maxOutputLength: (_options, inputMax) => inputMax,
  create: () => (value) => value,
  example: { options: {}, input: 'SKU-1042' },
});
