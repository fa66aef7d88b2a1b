import { defaultNotNullName, makeObjectName } from './not-null-name';

describe('defaultNotNullName', () => {
  it('joins table, column and not_null', () => {
    expect(defaultNotNullName('Accounts', 'Email')).toBe('Accounts_Email_not_null');
  });

  it('shortens the longer name first so the result fits in 63 bytes', () => {
    const name = defaultNotNullName('t'.repeat(60), 'column');
    expect(name).toBe(`${'t'.repeat(47)}_column_not_null`);
    expect(Buffer.byteLength(name)).toBe(63);
  });

  it('never cuts a multi-byte character in half', () => {
    // 51 bytes are left for the first name: 25 two-byte characters and half of one.
    const name = makeObjectName('é'.repeat(40), 'ab', 'not_null');
    expect(name).toBe(`${'é'.repeat(25)}_ab_not_null`);
  });
});
