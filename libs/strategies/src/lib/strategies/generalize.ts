import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import type { ColumnInfo } from '../column';
import { DATE_PRECISIONS, truncateDateText } from '../date-text';
import { formatNumberText, parseNumberText } from '../number-text';
import {
  declareContract,
  defineStrategy,
  valueError,
  type Transform,
} from '../strategy-definition';

const options = strictObject({
  bucket: z
    .number()
    .gt(0)
    .optional()
    .describe(
      "Width of numeric buckets: a number becomes its bucket's lower boundary (or a range label).",
    ),
  ranges: z
    .array(z.number())
    .min(1)
    .optional()
    .describe(
      'Ascending boundaries: a number becomes the greatest boundary ≤ it (or a range label).',
    ),
  keep_digits: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Leading digits kept; later digits become 0 (zip 94102 → 94100 with 3).'),
  date_precision: z
    .enum(DATE_PRECISIONS)
    .optional()
    .describe('Dates and timestamps are truncated to this unit and stay dates/timestamps.'),
});

/** Options of {@link generalize}. */
export type GeneralizeOptions = z.infer<typeof options>;

const METHODS = ['bucket', 'ranges', 'keep_digits', 'date_precision'] as const;

/** Generalizes a value, keeping the column's type: buckets, ranges, kept digits, truncated dates. */
export const generalize = defineStrategy<GeneralizeOptions>({
  type: 'generalize',
  description:
    'Makes a value less precise while keeping the column type: numeric `bucket`s or `ranges` (a boundary in a numeric column, a label such as `30-39` in a text column), `keep_digits`, or dates truncated to `date_precision`.',
  options: options
    .refine((o) => METHODS.filter((m) => o[m] !== undefined).length === 1, {
      message: `set exactly one of ${METHODS.join(', ')}`,
    })
    .refine((o) => !o.ranges || o.ranges.every((r, i, all) => i === 0 || all[i - 1]! < r), {
      message: 'ranges must be strictly ascending',
      path: ['ranges'],
    }) as unknown as z.ZodType<GeneralizeOptions>,
  accepts: ['integer', 'numeric', 'float', 'text', 'date', 'timestamp', 'timestamptz'],
  contract: declareContract({ leakCheck: false }),
  refineContract: (o) => ({ formatPreserving: o.keep_digits !== undefined }),
  maxOutputLength: (o, inputMax) =>
    o.keep_digits !== undefined || o.date_precision ? inputMax : undefined,
  checkColumn: (o, column) => {
    const dateColumn = ['date', 'timestamp', 'timestamptz'].includes(column.category);
    if (o.date_precision && !dateColumn && column.category !== 'text') {
      return [
        {
          message: `date_precision needs a date or timestamp column, not ${column.type}`,
          hint: 'Use bucket, ranges or keep_digits for numbers.',
        },
      ];
    }
    if (!o.date_precision && dateColumn) {
      return [
        {
          message: `a ${column.type} column needs date_precision`,
          hint: 'Set date_precision: year|quarter|month|week|day|hour|minute.',
        },
      ];
    }
    return [];
  },
  create: (o, ctx) => createGeneralizer(o, ctx.column),
  example: { options: { bucket: 10 }, input: '37', columnType: 'integer' },
  notes: [
    'In an integer or numeric column, `bucket` and `ranges` give the lower boundary (37 → 30), so the column keeps its type; in a text column they give a label (`30-39` for integer buckets, `[30.5, 31)` otherwise; `<18` and `65+` at the ends of `ranges`).',
    'A number below the first of `ranges` in a numeric column is an error: add a lower boundary.',
    'Dates are ISO text (PostgreSQL DateStyle ISO); a timestamp with time zone is truncated in the offset it is written with.',
  ],
});

function createGeneralizer(o: GeneralizeOptions, column: ColumnInfo): Transform {
  const textOut = column.category === 'text';
  if (o.date_precision) {
    const precision = o.date_precision;
    return (value) => {
      if (value === null) return null;
      const out = truncateDateText(value.trim(), precision);
      if (out === undefined)
        throw valueError('generalize', 'the value is not an ISO date or timestamp');
      return out;
    };
  }
  const number = (value: string) => {
    const parsed = parseNumberText(value);
    if (!parsed) throw valueError('generalize', 'the value is not a finite number');
    return parsed;
  };
  if (o.keep_digits !== undefined) {
    const keep = o.keep_digits;
    return (value) => {
      if (value === null) return null;
      if (!textOut) number(value);
      let seen = 0;
      const out = value.replace(/\d/g, (d) => (seen++ < keep ? d : '0'));
      if (seen === 0) throw valueError('generalize', 'the value has no digits to generalize');
      return out;
    };
  }
  if (o.bucket !== undefined) {
    const width = o.bucket;
    return (value) => {
      if (value === null) return null;
      const { value: x, scale } = number(value);
      const low = Math.floor(x / width) * width;
      if (!textOut) return formatNumberText(low, column, scale);
      return Number.isInteger(low) && Number.isInteger(width) && Number.isInteger(x)
        ? `${low}-${low + width - 1}`
        : `[${trim(low)}, ${trim(low + width)})`;
    };
  }
  const bounds = o.ranges!;
  return (value) => {
    if (value === null) return null;
    const { value: x, scale } = number(value);
    let i = bounds.length - 1;
    while (i >= 0 && bounds[i]! > x) i--;
    if (textOut) {
      if (i < 0) return `<${trim(bounds[0]!)}`;
      if (i === bounds.length - 1) return `${trim(bounds[i]!)}+`;
      const next = bounds[i + 1]!;
      return Number.isInteger(bounds[i]) && Number.isInteger(next) && Number.isInteger(x)
        ? `${bounds[i]}-${next - 1}`
        : `[${trim(bounds[i]!)}, ${trim(next)})`;
    }
    if (i < 0) {
      throw valueError(
        'generalize',
        `the value is below the first range boundary ${bounds[0]}`,
        'Add a lower boundary to ranges.',
      );
    }
    return formatNumberText(bounds[i]!, column, scale);
  };
}

function trim(x: number): string {
  return String(Math.round(x * 1e9) / 1e9);
}
