import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { drawIndex } from '../fake-data';
import { formatNumberText, requireNumberText } from '../number-text';
import { declareContract, defineStrategy, requireKeys } from '../strategy-definition';

const options = strictObject({
  percent: z
    .number()
    .gt(0)
    .max(100)
    .default(10)
    .describe('Largest relative change, in percent of the value.'),
});

/** Options of {@link noise}. */
export type NoiseOptions = z.infer<typeof options>;

/** Bounded relative noise, the same for the same value (keyed by HMAC-SHA256 of the value). */
export const noise = defineStrategy<NoiseOptions>({
  type: 'noise',
  description:
    'Multiplies a number by 1 ± up to `percent`%, the factor drawn from HMAC-SHA256 of the value: the same value always gets the same noise.',
  options,
  accepts: ['integer', 'numeric', 'float'],
  contract: declareContract({ needsSeed: true, leakCheck: false }),
  maxOutputLength: () => undefined,
  create: (o, ctx) => {
    const hmac = requireKeys('noise', ctx).hmac('noise');
    const fraction = o.percent / 100;
    const column = ctx.column;
    return (value) => {
      if (value === null) return null;
      const parsed = requireNumberText('noise', value);
      const u = drawIndex(hmac.bytes(value), 0, 0x100000000) / 0x100000000;
      const noisy = parsed.value * (1 + (2 * u - 1) * fraction);
      return formatNumberText(noisy, column, parsed.scale);
    };
  },
  example: { options: { percent: 10 }, input: '52000.00', columnType: 'numeric(10,2)' },
  notes: ['Integers are rounded after the noise, so small integers may come out unchanged.'],
});
