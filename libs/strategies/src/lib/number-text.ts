import type { ColumnInfo } from './column';
import { valueError } from './strategy-definition';

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** A decimal number read from PostgreSQL text, with the number of decimals it was written with. */
export interface NumberText {
  value: number;
  /** Digits after the decimal point in the input (kept on output for numeric columns). */
  scale: number;
}

/** Parses PostgreSQL integer/numeric/float text; undefined when it is not a finite number. */
export function parseNumberText(text: string): NumberText | undefined {
  const match = NUMBER.exec(text);
  if (!match || (!match[2] && !match[3])) return undefined;
  const value = Number(text.trim());
  if (!Number.isFinite(value)) return undefined;
  return { value, scale: match[4] ? 0 : (match[3]?.length ?? 0) };
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * Formats `value` as valid text for `column`: integers rounded (and kept within the range of
 * smallint/integer/bigint), numeric with `scale` decimals, floats as JavaScript prints them.
 */
export function formatNumberText(value: number, column: ColumnInfo, scale: number): string {
  switch (column.category) {
    case 'integer': {
      const [min, max] =
        INTEGER_RANGES[column.type.replace(/\[\]$/, '')] ?? INTEGER_RANGES['bigint']!;
      return String(Math.min(max, Math.max(min, Math.round(value))) || 0);
    }
    case 'float':
      return String(value);
    default: {
      const fixed = value.toFixed(Math.min(scale, 100));
      return /^-0(?:\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
    }
  }
}

/** The number in `text`, or the typed STRATEGY_VALUE error of strategy `type`. */
export function requireNumberText(type: string, text: string): NumberText {
  const parsed = parseNumberText(text);
  if (!parsed) {
    throw valueError(
      type,
      'the value is not a finite number',
      `${type} applies to numeric values only.`,
    );
  }
  return parsed;
}
