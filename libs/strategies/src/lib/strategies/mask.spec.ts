import { transformOf } from '../../test-support/harness';

describe('mask strategy', () => {
  it('keeps the last 4 characters by default', () => {
    expect(transformOf('mask')('4111111111111111')).toBe('************1111');
  });

  it('keeps start characters and retained patterns', () => {
    const mask = transformOf('mask', {
      preserve_start_chars: 1,
      preserve_end_chars: 0,
      retain_patterns: ['@.*$'],
    });
    expect(mask('john.doe@example.com')).toBe('j*******@example.com');
    expect(
      transformOf('mask', { retain_patterns: ['[- ]'], preserve_end_chars: 0 })('123-45-6789'),
    ).toBe('***-**-****');
  });

  it('masks a value no longer than the kept ends entirely, and never splits a character', () => {
    expect(transformOf('mask')('1234')).toBe('****');
    expect(transformOf('mask', { preserve_end_chars: 1, mask_char: '•' })('😀😀x')).toBe('••x');
  });
});
