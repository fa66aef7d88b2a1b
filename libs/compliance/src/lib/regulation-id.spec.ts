import { parseRegulationId, parseRegulationList } from './regulation-id';

describe('regulation ids', () => {
  it('accepts the seven, case-insensitively', () => {
    expect(parseRegulationId('GDPR')).toBe('gdpr');
    expect(parseRegulationList('gdpr, ccpa,gdpr')).toEqual(['gdpr', 'ccpa']);
  });

  it('lists the seven when one is unknown', () => {
    expect(() => parseRegulationId('hipaa')).toThrow(
      '--regulation: unknown regulation "hipaa"; known: gdpr, ccpa, pipeda, lgpd, pipl, au-privacy, popia',
    );
    expect(() => parseRegulationList(' , ')).toThrow('--regulations: name at least one regulation');
  });
});
