import { maskSampleValue } from './sample-mask';

describe('maskSampleValue', () => {
  it.each([
    ['alice@example.com', 'a****@e******.com'],
    ['Jean.Dupont@mail.example.fr', 'J**********@m***.e******.fr'],
    ['4111 1111 1111 1234', '**** **** **** 1234'],
    ['4111111111111234', '************1234'],
    ['FR7630006000011234567890189', 'F' + '*'.repeat(22) + '0189'],
    ['+33 6 12 34 56 78', '+** * ** ** ** **'],
    ['John Smith', 'J*** S****'],
    ['contact: bob@corp.io or 555-0100', 'c******: b**@c***.io o* ***-****'],
    ['1980-05-17', '****-**-**'],
    ['abcd', '****'],
    ['', ''],
  ])('masks %s as %s', (value, masked) => {
    expect(maskSampleValue(value)).toBe(masked);
  });

  it('keeps no run of 5 or more original characters of a planted value', () => {
    for (const value of [
      'alice.martin@example.com',
      '5500 0000 0000 0004',
      'DE89370400440532013000',
    ]) {
      const masked = maskSampleValue(value);
      for (let i = 0; i + 5 <= value.length; i++) {
        const run = value.slice(i, i + 5);
        if (!/^\d{4}$/.test(run.slice(1))) expect(masked).not.toContain(run);
      }
    }
  });
});
