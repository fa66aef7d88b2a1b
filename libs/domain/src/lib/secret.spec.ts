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

  it('leaves very short secrets alone', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
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
