/** Units a date or timestamp can be truncated to. */
export const DATE_PRECISIONS = [
  'year',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
] as const;

/** One of {@link DATE_PRECISIONS}. */
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

const DATE_TIME =
  /^(\d{4,})-(\d{2})-(\d{2})(?:([ T])(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(\s*(?:[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?|Z))?( BC)?$/;

/**
 * Truncates PostgreSQL date/timestamp text (ISO DateStyle) to `precision`, keeping its shape:
 * a date stays a date, a timestamp keeps its time part (zeroed below the unit) and its offset.
 * `infinity`/`-infinity` stay as they are. Returns undefined for text that is not a date.
 */
export function truncateDateText(text: string, precision: DatePrecision): string | undefined {
  if (text === 'infinity' || text === '-infinity') return text;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  let year = Number(m[1]);
  let month = Number(m[2]);
  let day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month, Boolean(m[9])))
    return undefined;
  const hasTime = m[4] !== undefined;
  let hour = hasTime ? Number(m[5]) : 0;
  let minute = hasTime ? Number(m[6]) : 0;
  if (hour > 24 || minute > 59 || (m[7] !== undefined && Number(m[7]) > 60)) return undefined;
  switch (precision) {
    case 'year':
      month = 1;
      day = 1;
      hour = 0;
      minute = 0;
      break;
    case 'quarter':
      month = Math.floor((month - 1) / 3) * 3 + 1;
      day = 1;
      hour = 0;
      minute = 0;
      break;
    case 'month':
      day = 1;
      hour = 0;
      minute = 0;
      break;
    case 'week': {
      // ISO weeks start on Monday; step back through the proleptic Gregorian calendar.
      const date = new Date(Date.UTC(0, month - 1, day));
      date.setUTCFullYear(m[9] ? 1 - year : year);
      const back = (date.getUTCDay() + 6) % 7;
      date.setUTCDate(date.getUTCDate() - back);
      const y = date.getUTCFullYear();
      if (y <= 0 && !m[9]) return undefined; // the week starts in 1 BC: no AD spelling for it
      year = m[9] ? 1 - y : y;
      month = date.getUTCMonth() + 1;
      day = date.getUTCDate();
      hour = 0;
      minute = 0;
      break;
    }
    case 'day':
      hour = 0;
      minute = 0;
      break;
    case 'hour':
      minute = 0;
      break;
    case 'minute':
      break;
  }
  let out = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  if (hasTime) out += `${m[4]}${pad(hour)}:${pad(minute)}:00`;
  return out + (m[8] ?? '') + (m[9] ?? '');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysIn(year: number, month: number, bc: boolean): number {
  // Year 1 BC is year 0 of the proleptic Gregorian calendar, a leap year.
  const y = bc ? 1 - year : year;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
