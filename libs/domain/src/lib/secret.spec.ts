import { inspect } from 'node:util';
import { redactConnectionString, redactSecrets, Secret } from './secret';

describe('Secret', () => {
  it('reveals its value only on request', () => {
    const secret = new Secret('hunter2-long');
    expect(secret.reveal()).toBe('hunter2-long');
    expect(`${secret}`).toBe('***');
    expect(JSON.stringify({ secret })).toBe('{"secret":"***"}');
    expect(inspect({ secret })).toBe('{ secret: Secret(***) }');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence, also URL-encoded', () => {
    expect(redactSecrets('pw p@ss:word and p%40ss%3Aword', ['p@ss:word'])).toBe('pw *** and ***');
  });

  it('leaves secrets shorter than 8 characters alone, so messages keep their words', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
    expect(
      redactSecrets('CONFITURE_AUDIT_KEY is too short: an audit key has at least 32 characters', [
        'short',
      ]),
    ).toBe('CONFITURE_AUDIT_KEY is too short: an audit key has at least 32 characters');
    expect(redactSecrets('key=hunter22 here', ['hunter22'])).toBe('key=*** here');
  });
});

describe('redactConnectionString', () => {
  it('hides the password of a URL', () => {
    expect(redactConnectionString('postgresql://u:secret@h:5432/db')).toBe(
      'postgresql://u:***@h:5432/db',
    );
    expect(redactConnectionString('postgresql://h/db?password=secret')).toBe(
      'postgresql://h/db?password=***',
    );
  });
});
