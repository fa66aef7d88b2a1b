import { z } from 'zod';

/** A citation of the law's text: article, section or clause, and where useful its words. */
export const sourceSchema = z
  .string()
  .trim()
  .min(3, 'every requirement and figure cites the law (article/section) in `source`');

/**
 * How a law counts a period, each with the text it comes from. A law that sets no number
 * ("without undue delay", "as soon as feasible") is encoded as `no_fixed_deadline` with its words,
 * never as an invented figure.
 */
export const deadlineRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('hours'),
    hours: z.number().int().positive(),
    source: sourceSchema,
  }),
  z.strictObject({
    kind: z.literal('calendar_days'),
    days: z.number().int().positive(),
    source: sourceSchema,
  }),
  z.strictObject({
    kind: z.literal('business_days'),
    days: z.number().int().positive(),
    source: sourceSchema,
  }),
  z.strictObject({
    kind: z.literal('months'),
    months: z.number().int().positive(),
    source: sourceSchema,
  }),
  z.strictObject({
    kind: z.literal('no_fixed_deadline'),
    wording: z.string().trim().min(3),
    source: sourceSchema,
  }),
]);

/** One {@link deadlineRuleSchema}. */
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

/** The rule in words: `72 hours`, `3 business days`, `no fixed deadline: "without undue delay"`. */
export function describeDeadlineRule(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'hours':
      return `${rule.hours} hours`;
    case 'calendar_days':
      return `${rule.days} calendar days`;
    case 'business_days':
      return `${rule.days} business days`;
    case 'months':
      return `${rule.months} month${rule.months === 1 ? '' : 's'}`;
    case 'no_fixed_deadline':
      return `no fixed deadline: "${rule.wording}"`;
  }
}
