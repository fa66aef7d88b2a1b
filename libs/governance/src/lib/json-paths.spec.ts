import { formatLocation, parseLocation, parsePath, pathCovers } from './json-paths';

const covers = (rule: string, detected: string) =>
  pathCovers(parsePath(rule)!, parseLocation(detected)!);

describe('json paths', () => {
  it('writes detected locations in the json strategy syntax and reads them back', () => {
    const location = [{ key: 'contact' }, { anyIndex: true as const }, { key: 'e-mail' }];
    expect(formatLocation(location)).toBe('$.contact[*]["e-mail"]');
    expect(parseLocation('$.contact[*]["e-mail"]')).toEqual(location);
  });

  it('covers a location selected by the rule or by an ancestor of it', () => {
    expect(covers('$.contact.email', '$.contact.email')).toBe(true);
    expect(covers('$.contact', '$.contact.email')).toBe(true);
    expect(covers('$..email', '$.a.b.email')).toBe(true);
    expect(covers('$.items[*].phone', '$.items[*].phone')).toBe(true);
    expect(covers('$.*.phone', '$.shipping.phone')).toBe(true);
  });

  it('does not cover siblings, deeper rules, or one array element for all of them', () => {
    expect(covers('$.contact.phone', '$.contact.email')).toBe(false);
    expect(covers('$.contact.email.work', '$.contact.email')).toBe(false);
    expect(covers('$.items[0].phone', '$.items[*].phone')).toBe(false);
  });

  it('reads back locations whose keys need escapes', () => {
    const location = [{ key: 'line\nbreak' }, { key: 'say "hi"\\' }, { key: '\u0001' }];
    expect(parseLocation(formatLocation(location))).toEqual(location);
  });

  it('reads rule paths as the json strategy does', () => {
    expect(covers('$["contact" ]', '$.contact.email')).toBe(true);
    expect(covers("$['it\\'s']", '$["it\'s"]')).toBe(true);
  });

  it('refuses paths it cannot read', () => {
    expect(parsePath('contact.email')).toBeUndefined();
    expect(parsePath('$.a[?(@.x)]')).toBeUndefined();
  });
});
