import { canDescribe, decideReversal, type AccessLevel } from './access-level';

const now = new Date('2026-03-01T12:00:00Z');
const grant = (level: AccessLevel, expiresAt?: Date) => ({
  principal: 'alice',
  level,
  ...(expiresAt ? { expiresAt } : {}),
});

describe('decideReversal', () => {
  it('refuses a principal without a grant', () => {
    expect(decideReversal({ now })).toEqual({ allowed: false, level: 'NONE', refusal: 'no grant' });
  });

  it('refuses NONE even with a reason', () => {
    expect(
      decideReversal({ grant: grant('NONE'), reason: 'incident INC-1234 debugging', now }),
    ).toMatchObject({
      allowed: false,
      refusal: 'access level NONE',
    });
  });

  it('refuses READ_ONLY', () => {
    expect(
      decideReversal({ grant: grant('READ_ONLY'), reason: 'incident INC-1234', now }),
    ).toMatchObject({
      allowed: false,
      level: 'READ_ONLY',
    });
  });

  it('refuses REVERSE_WITH_REASON without a reason, or with a blank one', () => {
    for (const reason of [undefined, '', '   ']) {
      expect(decideReversal({ grant: grant('REVERSE_WITH_REASON'), reason, now })).toEqual({
        allowed: false,
        level: 'REVERSE_WITH_REASON',
        refusal: 'access level REVERSE_WITH_REASON requires --reason',
      });
    }
  });

  it('refuses REVERSE_WITH_REASON with a token reason', () => {
    expect(decideReversal({ grant: grant('REVERSE_WITH_REASON'), reason: 'x', now })).toMatchObject(
      {
        allowed: false,
        refusal: 'the reason must have at least 10 characters',
      },
    );
  });

  it('allows REVERSE_WITH_REASON with a reason', () => {
    expect(
      decideReversal({
        grant: grant('REVERSE_WITH_REASON'),
        reason: 'ticket SUP-981: wrong invoice',
        now,
      }),
    ).toEqual({ allowed: true, level: 'REVERSE_WITH_REASON' });
  });

  it.each(['REVERSE_WITHOUT_REASON', 'UNRESTRICTED'] as const)(
    'allows %s without a reason',
    (level) => {
      expect(decideReversal({ grant: grant(level), now })).toEqual({ allowed: true, level });
    },
  );

  it('treats an expired grant as NONE and says when it expired', () => {
    const expired = grant('UNRESTRICTED', new Date('2026-03-01T11:59:59Z'));
    expect(decideReversal({ grant: expired, now })).toEqual({
      allowed: false,
      level: 'NONE',
      refusal: 'grant UNRESTRICTED expired at 2026-03-01T11:59:59.000Z',
    });
  });

  it('honours a grant until the instant it expires', () => {
    const later = grant('UNRESTRICTED', new Date('2026-03-01T12:00:01Z'));
    expect(decideReversal({ grant: later, now })).toMatchObject({ allowed: true });
  });
});

describe('canDescribe', () => {
  it('lets READ_ONLY and above see metadata, not NONE, not an expired grant', () => {
    expect(canDescribe(grant('READ_ONLY'), now)).toBe(true);
    expect(canDescribe(grant('UNRESTRICTED'), now)).toBe(true);
    expect(canDescribe(grant('NONE'), now)).toBe(false);
    expect(canDescribe(undefined, now)).toBe(false);
    expect(canDescribe(grant('READ_ONLY', new Date('2026-02-01T00:00:00Z')), now)).toBe(false);
  });
});
