import { ConfitureError } from '@confiture/domain';
import { withoutValues } from '../postgres-message';
import { copyFailure, CopyStreamError } from './copy-failure';

describe('withoutValues', () => {
  it.each([
    [
      'invalid input syntax for type integer: "alice@example.com"',
      'invalid input syntax for type integer: "…"',
    ],
    [
      'value "99999999999" is out of range for type integer',
      'value "…" is out of range for type integer',
    ],
    ['invalid input value for enum mood: "sad"', 'invalid input value for enum mood: "…"'],
    [
      'invalid byte sequence for encoding "UTF8": 0xe9 0x20',
      'invalid byte sequence for encoding "UTF8": …',
    ],
    ['malformed array literal: "{a, "b"" c}"', 'malformed array literal: "…"'],
  ])('strips the value of %j', (message, expected) => {
    expect(withoutValues(message)).toBe(expected);
  });

  it.each([
    'duplicate key value violates unique constraint "people_email_key"',
    'new row for relation "people" violates check constraint "email_check"',
    'null value in column "email" of relation "people" violates not-null constraint',
    'value too long for type character varying(3)',
  ])('keeps the names of %j', (message) => {
    expect(withoutValues(message)).toBe(message);
  });
});

describe('copyFailure', () => {
  it('names the table, chunk and side, with the SQLSTATE of a server error and no value', () => {
    const pgError = Object.assign(new Error('invalid input syntax for type uuid: "bob"'), {
      severity: 'ERROR',
      code: '22P02',
      detail: 'Key (email)=(bob@example.com)',
    });
    const error = copyFailure(new CopyStreamError('target', pgError), 'app.users', 'chunk 2 of 3');
    expect(error).toMatchObject({
      code: 'SYNC_FAILED',
      message:
        'copying app.users (chunk 2 of 3) failed on the target: invalid input syntax for type uuid: "…" (SQLSTATE 22P02)',
      location: { table: 'app.users' },
    });
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error.toJSON())).not.toMatch(/bob/);
  });

  it('says a lost session ended the copy; keeps a ConfitureError, adding the table', () => {
    const lost = Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET' });
    const error = copyFailure(new CopyStreamError('source', lost), 't', 'chunk 1 of 1');
    expect(error.message).toBe('copying t (chunk 1 of 1) failed on the source: write ECONNRESET');
    expect(error.hint).toMatch(/source session ended during the copy/);
    const strategy = new ConfitureError('STRATEGY_VALUE', 'cannot take it', { column: 'c' });
    expect(copyFailure(strategy, 't', 'chunk 1 of 1')).toMatchObject({
      code: 'STRATEGY_VALUE',
      location: { table: 't', column: 'c' },
    });
  });
});
