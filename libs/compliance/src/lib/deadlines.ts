import { DateTime } from 'luxon';
import { describeDeadlineRule, type DeadlineRule } from './deadline-rule';

/** A computed deadline: a fixed instant, or the law's words when it sets no figure. */
export type Deadline =
  | {
      kind: 'fixed';
      /** The last instant, in UTC. */
      dueAt: string;
      /** The same instant in the law's time zone, with its offset. */
      dueLocal: string;
      timeZone: string;
      rule: string;
      source: string;
    }
  | { kind: 'none'; text: string; wording: string; source: string };

/** Options of {@link computeDeadline}. */
export interface DeadlineOptions {
  /** IANA zone in which calendar and business days are counted. */
  timeZone: string;
  /** Dates (YYYY-MM-DD, in that zone) that are not business days besides Saturdays and Sundays. */
  holidays?: readonly string[];
}

/**
 * The deadline `rule` sets for a period that runs from `from`. Hours are elapsed time. Calendar
 * days, business days and months are counted in `timeZone` from the day after `from` (the day of
 * the event is not counted) and end at the end of the last day there, whatever its UTC offset
 * (a DST change in between shifts the UTC instant, never the local day). Business days skip
 * Saturdays, Sundays and `holidays`.
 */
export function computeDeadline(
  rule: DeadlineRule,
  from: Date | string,
  options: DeadlineOptions,
): Deadline {
  if (rule.kind === 'no_fixed_deadline') {
    return {
      kind: 'none',
      text: `no fixed deadline: ${rule.wording}`,
      wording: rule.wording,
      source: rule.source,
    };
  }
  const start = (
    typeof from === 'string' ? DateTime.fromISO(from, { setZone: true }) : DateTime.fromJSDate(from)
  ).setZone(options.timeZone);
  if (!start.isValid)
    throw new Error(`invalid start time or zone: ${String(from)} in ${options.timeZone}`);
  let due: DateTime;
  switch (rule.kind) {
    case 'hours':
      due = start.plus({ hours: rule.hours });
      break;
    case 'calendar_days':
      due = start.plus({ days: rule.days }).endOf('day');
      break;
    case 'months':
      due = start.plus({ months: rule.months }).endOf('day');
      break;
    case 'business_days': {
      const holidays = new Set(options.holidays ?? []);
      let day = start.startOf('day');
      let counted = 0;
      while (counted < rule.days) {
        day = day.plus({ days: 1 });
        if (day.weekday <= 5 && !holidays.has(day.toISODate()!)) counted++;
      }
      due = day.endOf('day');
      break;
    }
  }
  return {
    kind: 'fixed',
    dueAt: due.toUTC().toISO()!,
    dueLocal: due.toISO({ includeOffset: true })!,
    timeZone: options.timeZone,
    rule: describeDeadlineRule(rule),
    source: rule.source,
  };
}

/** Whether a fixed deadline has passed at `now`. */
export function isPast(deadline: Deadline, now: Date): boolean {
  return deadline.kind === 'fixed' && Date.parse(deadline.dueAt) < now.getTime();
}
