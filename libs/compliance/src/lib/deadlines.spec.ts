import { computeDeadline } from './deadlines';

const source = 'test';

describe('computeDeadline', () => {
  it('adds 72 elapsed hours, whatever the offset of the input', () => {
    const deadline = computeDeadline(
      { kind: 'hours', hours: 72, source },
      '2026-03-27T22:30:00+01:00',
      { timeZone: 'Europe/Brussels' },
    );
    // 72 hours across the EU change to summer time (29 March 2026): the wall clock gains an hour.
    expect(deadline).toEqual(
      expect.objectContaining({
        kind: 'fixed',
        dueAt: '2026-03-30T21:30:00.000Z',
        dueLocal: '2026-03-30T23:30:00.000+02:00',
      }),
    );
  });

  it('counts 3 business days from the day after, skipping a weekend (LGPD)', () => {
    // Thursday 5 March 2026, 18:00 in São Paulo: Friday, Monday, Tuesday → end of Tuesday 10 March.
    const deadline = computeDeadline(
      { kind: 'business_days', days: 3, source },
      '2026-03-05T18:00:00-03:00',
      { timeZone: 'America/Sao_Paulo' },
    );
    expect(deadline).toEqual(
      expect.objectContaining({
        dueLocal: '2026-03-10T23:59:59.999-03:00',
        dueAt: '2026-03-11T02:59:59.999Z',
      }),
    );
  });

  it('starts counting on the next business day when the event is on a weekend', () => {
    // Saturday 7 March 2026: Monday 9, Tuesday 10, Wednesday 11.
    const deadline = computeDeadline(
      { kind: 'business_days', days: 3, source },
      '2026-03-07T10:00:00-03:00',
      { timeZone: 'America/Sao_Paulo' },
    );
    expect(deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-03-11T23:59:59.999-03:00' }),
    );
  });

  it('skips holidays given for the regulation', () => {
    // Carnival Monday/Tuesday 16-17 February 2026 declared as holidays: Fri 13 → 18, 19, 20.
    const deadline = computeDeadline(
      { kind: 'business_days', days: 3, source },
      '2026-02-13T09:00:00-03:00',
      {
        timeZone: 'America/Sao_Paulo',
        holidays: ['2026-02-16', '2026-02-17'],
      },
    );
    expect(deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-02-20T23:59:59.999-03:00' }),
    );
  });

  it("reads the day of the event in the law's zone, not in the input's offset", () => {
    // 23:30 on Friday in UTC-3 is already Saturday 02:30 UTC; in São Paulo it is still Friday.
    const deadline = computeDeadline(
      { kind: 'business_days', days: 1, source },
      '2026-03-07T02:30:00Z',
      { timeZone: 'America/Sao_Paulo' },
    );
    expect(deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-03-09T23:59:59.999-03:00' }),
    );
  });

  it('ends calendar days at local midnight across a DST change (Sydney, April 2026)', () => {
    // Sydney leaves daylight time on 5 April 2026 (+11:00 → +10:00).
    const deadline = computeDeadline(
      { kind: 'calendar_days', days: 30, source },
      '2026-03-20T09:00:00+11:00',
      { timeZone: 'Australia/Sydney' },
    );
    expect(deadline).toEqual(
      expect.objectContaining({
        dueLocal: '2026-04-19T23:59:59.999+10:00',
        dueAt: '2026-04-19T13:59:59.999Z',
      }),
    );
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    const deadline = computeDeadline(
      { kind: 'months', months: 1, source },
      '2026-01-31T12:00:00+01:00',
      { timeZone: 'Europe/Brussels' },
    );
    expect(deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-02-28T23:59:59.999+01:00' }),
    );
  });

  it("reports the law's words when it sets no figure", () => {
    expect(
      computeDeadline(
        { kind: 'no_fixed_deadline', wording: 'without undue delay', source },
        '2026-03-01T00:00:00Z',
        { timeZone: 'UTC' },
      ),
    ).toEqual({
      kind: 'none',
      text: 'no fixed deadline: without undue delay',
      wording: 'without undue delay',
      source,
    });
  });
});
