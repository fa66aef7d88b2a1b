import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy } from '../strategy-definition';

/** Replaces every value with NULL; refused at plan time on a NOT NULL column. */
export const suppress = defineStrategy({
  type: 'suppress',
  description: 'Replaces every value with NULL.',
  options: strictObject({}) as z.ZodType<Record<string, never>>,
  accepts: 'any',
  contract: declareContract({ keepsNull: false }),
  maxOutputLength: () => 0,
  checkColumn: (_options, column) =>
    column.notNull
      ? [
          {
            message: 'suppress writes NULL but the column is NOT NULL',
            hint: 'Use redact (a fixed replacement) or another strategy for a NOT NULL column.',
          },
        ]
      : [],
  create: () => () => null,
  example: { options: {}, input: 'internal note about the customer' },
});
