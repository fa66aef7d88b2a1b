import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { SecureUniform } from '../csprng';
import { formatNumberText, requireNumberText } from '../number-text';
import { PrivacyBudget } from '../privacy-budget';
import { declareContract, defineStrategy, optionsError } from '../strategy-definition';

const options = strictObject({
  mechanism: z
    .enum(['laplace', 'gaussian'])
    .default('laplace')
    .describe('laplace: pure ε-DP; gaussian: (ε, δ)-DP with the classic calibration (ε < 1).'),
  epsilon: z.number().gt(0).default(1).describe('Privacy loss of one released value.'),
  delta: z
    .number()
    .gt(0)
    .lt(1)
    .default(1e-5)
    .describe('Failure probability of the gaussian mechanism.'),
  sensitivity: z
    .number()
    .gt(0)
    .default(1)
    .describe('How much one individual can change the value (after clamping to bounds).'),
  bounds: z
    .tuple([z.number(), z.number()])
    .optional()
    .describe('[min, max]: inputs are clamped into it before noise, outputs after.'),
  budget: z
    .number()
    .gt(0)
    .optional()
    .describe(
      'Total ε this transform may spend (ε per value); once spent, further values are refused.',
    ),
});

/** Options of {@link dp}. */
export type DpOptions = z.infer<typeof options>;

/** Noise scale b of the Laplace mechanism: Δ/ε (variance 2b²). */
export function laplaceScale(o: Pick<DpOptions, 'sensitivity' | 'epsilon'>): number {
  return o.sensitivity / o.epsilon;
}

/** σ of the classic Gaussian mechanism: √(2 ln(1.25/δ))·Δ/ε (Dwork & Roth, Thm A.1; ε < 1). */
export function gaussianSigma(o: Pick<DpOptions, 'sensitivity' | 'epsilon' | 'delta'>): number {
  return (Math.sqrt(2 * Math.log(1.25 / o.delta)) * o.sensitivity) / o.epsilon;
}

/** Differential-privacy noise (Laplace or Gaussian) from the CSPRNG, with clamping and a budget. */
export const dp = defineStrategy<DpOptions>({
  type: 'dp',
  description:
    'Adds Laplace (scale Δ/ε) or Gaussian (σ = √(2 ln(1.25/δ))·Δ/ε) noise drawn from the operating system CSPRNG to a numeric value, after clamping it to `bounds`; a `budget` caps the total ε spent.',
  options: options
    .refine((o) => !o.bounds || o.bounds[0] < o.bounds[1], {
      message: 'bounds must be [min, max] with min < max',
      path: ['bounds'],
    })
    .refine((o) => o.mechanism !== 'gaussian' || o.epsilon < 1, {
      message: 'the classic gaussian mechanism needs epsilon < 1 (use laplace for larger epsilon)',
      path: ['epsilon'],
    }) as unknown as z.ZodType<DpOptions>,
  accepts: ['integer', 'numeric', 'float'],
  contract: declareContract({ deterministic: false, leakCheck: false }),
  maxOutputLength: () => undefined,
  create: (o, ctx) => {
    if (o.mechanism === 'gaussian' && o.epsilon >= 1) {
      throw optionsError('dp', 'the classic gaussian mechanism needs epsilon < 1');
    }
    const random = new SecureUniform();
    const budget = o.budget === undefined ? undefined : new PrivacyBudget(o.budget);
    const scale = o.mechanism === 'laplace' ? laplaceScale(o) : gaussianSigma(o);
    const noise =
      o.mechanism === 'laplace' ? () => random.laplace(scale) : () => random.gaussian(scale);
    const [min, max] = o.bounds ?? [-Infinity, Infinity];
    const column = ctx.column;
    return (value) => {
      if (value === null) return null;
      const parsed = requireNumberText('dp', value);
      budget?.spend(o.epsilon, 0, 'dp strategy');
      const clamped = Math.min(max, Math.max(min, parsed.value));
      const noisy = Math.min(max, Math.max(min, clamped + noise()));
      return formatNumberText(noisy, column, parsed.scale);
    };
  },
  example: {
    options: { mechanism: 'laplace', epsilon: 1, sensitivity: 1, bounds: [0, 120] },
    input: '35',
  },
  notes: [
    "Accounting model: each released value is one ε-DP (or (ε, δ)-DP) release of one individual's value. When rows are about distinct individuals, parallel composition makes each individual's loss ε per sync. `budget` is deliberately stricter: it applies basic sequential composition to every value that goes through one transform (one column in one run), as if all values were about one person, and refuses further values (error STRATEGY_VALUE) once the sum of ε would exceed it. The budget counts ε only; under basic composition the Gaussian δ also adds up per value (k values → kδ), which the budget does not cap. Budgets do not persist across runs: the caller keeps that ledger.",
    'Noise comes from `crypto.randomFillSync`; outputs are not reproducible by design. Integer columns are rounded (post-processing keeps the guarantee); floating-point side channels (Mironov 2012) are not mitigated.',
  ],
});
