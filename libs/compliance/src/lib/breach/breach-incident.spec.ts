import { parseIncidentFlags } from './breach-incident';

const good = {
  detectedAt: '2026-03-01T14:30:00+01:00',
  severity: 'HIGH',
  categories: 'email,phone',
  subjects: '1200',
  regions: 'EU,US-CA',
};
const now = new Date('2026-03-02T00:00:00Z');

describe('parseIncidentFlags', () => {
  it('accepts and normalizes good flags', () => {
    expect(parseIncidentFlags({ ...good, severity: 'high', regions: 'eu, us-ca,EU' }, now)).toEqual(
      {
        detectedAt: '2026-03-01T14:30:00+01:00',
        severity: 'HIGH',
        categories: ['email', 'phone'],
        subjects: 1200,
        regions: ['EU', 'US-CA'],
      },
    );
  });

  it.each([
    [
      { detectedAt: '2026-03-01 14:30' },
      '--detected-at: "2026-03-01 14:30" is not an ISO 8601 time with an offset',
    ],
    [
      { detectedAt: '2026-03-01T14:30:00' },
      '--detected-at: "2026-03-01T14:30:00" is not an ISO 8601 time with an offset',
    ],
    [
      { detectedAt: '2026-02-30T10:00:00Z' },
      '--detected-at: "2026-02-30T10:00:00Z" is not an ISO 8601 time with an offset',
    ],
    [
      { detectedAt: '2026-03-05T10:00:00Z' },
      '--detected-at: 2026-03-05T10:00:00Z is in the future',
    ],
    [{ severity: 'SEVERE' }, '--severity: unknown severity "SEVERE"'],
    [{ categories: 'email,shoe-size' }, '--categories: unknown category "shoe-size"'],
    [{ categories: ' , ' }, '--categories: name at least one category'],
    [{ subjects: '-1' }, '--subjects: "-1" is not a non-negative integer'],
    [{ subjects: '1.5' }, '--subjects: "1.5" is not a non-negative integer'],
    [{ subjects: '1e3' }, '--subjects: "1e3" is not a non-negative integer'],
    [{ regions: 'EU,Europe' }, '--regions: "EUROPE" is not a region code'],
  ])('refuses %j', (bad, message) => {
    expect(() => parseIncidentFlags({ ...good, ...bad }, now)).toThrow(message);
  });

  it('accepts zero subjects (a near miss is still recorded)', () => {
    expect(parseIncidentFlags({ ...good, subjects: '0' }, now).subjects).toBe(0);
  });
});
