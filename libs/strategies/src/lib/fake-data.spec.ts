import { allLocales } from '@faker-js/faker';
import { FAKE_LOCALES, fakePools, namesOf } from './fake-data';

describe('fake data', () => {
  it('lists exactly the faker locales that have first and last names', () => {
    const withNames = Object.entries(allLocales)
      .filter(
        ([, data]) =>
          namesOf(data.person?.first_name).length > 0 && namesOf(data.person?.last_name).length > 0,
      )
      .map(([code]) => code);
    expect([...FAKE_LOCALES]).toEqual(withNames);
  });

  it('loads a locale on demand, with English filling the gaps', () => {
    const de = fakePools('de');
    expect(de.firstNames.length).toBeGreaterThan(100);
    expect(de.lastNames).toContain('Müller');
    expect(fakePools('en').cities.length).toBeGreaterThan(10);
  });
});
