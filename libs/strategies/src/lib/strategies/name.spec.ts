import { transformOf } from '../../test-support/harness';

describe('name strategy', () => {
  it('gives a realistic, deterministic full name that is not the original', () => {
    const name = transformOf('name', { format: 'full' });
    const out = name('John Doe')!;
    expect(out).toMatch(/^\S+ \S+/);
    expect(out).not.toBe('John Doe');
    expect(name('John Doe')).toBe(out);
  });

  it('infers first/last from the column name when format is not set (seed 004 first_name, last_name)', () => {
    const first = transformOf('name', {}, { name: 'first_name' })('John')!;
    const last = transformOf('name', {}, { name: 'last_name' })('Doe')!;
    expect(first).not.toContain(' ');
    expect(first).not.toBe('John');
    expect(last).not.toBe('Doe');
  });

  it('keeps the initial with preserve_initial', () => {
    const name = transformOf('name', { format: 'first', preserve_initial: true });
    for (const input of ['Alice', 'Bob', 'Zoe']) {
      expect(name(input)!.charAt(0)).toBe(input.charAt(0));
      expect(name(input)).not.toBe(input);
    }
    // No English first name starts with É: any name, still never the original.
    expect(name('Émile')).not.toBe('Émile');
  });

  it('draws from other locales', () => {
    expect(transformOf('name', { format: 'last', locale: 'ja' })('Tanaka')).toMatch(
      /[\u3040-\u30ff\u4e00-\u9fff]/,
    );
  });
});
