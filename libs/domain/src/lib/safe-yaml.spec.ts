import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfitureError } from './confiture-error';
import { formatYamlPath, MAX_CONFIG_BYTES, parseYamlSafely, readYamlFile } from './safe-yaml';

function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfitureError) return error;
    throw error;
  }
  throw new Error('expected a ConfitureError');
}

describe('parseYamlSafely', () => {
  it('parses plain data and locates paths', () => {
    const parsed = parseYamlSafely('a:\n  b: [1, two]\n', 'f.yaml');
    expect(parsed.value).toEqual({ a: { b: [1, 'two'] } });
    expect(parsed.locate(['a', 'b', 1])).toEqual({ line: 2, col: 10 });
    expect(parsed.locate(['a', 'missing'])).toEqual({ line: 2, col: 3 });
  });

  it('refuses a !!js/function tag without evaluating it', () => {
    const marker = '__confiture_yaml_executed__';
    const error = errorOf(() =>
      parseYamlSafely(
        `x: !!js/function "function () { globalThis.${marker} = true }"\n`,
        'evil.yaml',
      ),
    );
    expect(error.code).toBe('YAML_UNSAFE');
    expect(error.describe()).toBe('evil.yaml:1:4: YAML tag !!js/function is not allowed');
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('refuses a !!python/object/apply tag', () => {
    const error = errorOf(() =>
      parseYamlSafely(
        'strategies:\n  evil:\n    type: !!python/object/apply:os.system\n    args: ["touch /tmp/pwned"]\n',
        'evil.yaml',
      ),
    );
    expect(error.code).toBe('YAML_UNSAFE');
    expect(error.describe()).toBe(
      'evil.yaml:3:11: YAML tag !!python/object/apply:os.system is not allowed',
    );
  });

  it('refuses local custom tags too', () => {
    expect(errorOf(() => parseYamlSafely('a: !include other.yaml\n', 'f.yaml')).message).toBe(
      'YAML tag !include is not allowed',
    );
  });

  it('accepts core-schema tags', () => {
    expect(parseYamlSafely('a: !!str 123\nb: !!int "7"\n', 'f.yaml').value).toEqual({
      a: '123',
      b: 7,
    });
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const error = errorOf(() => parseYamlSafely(levels.join('\n') + '\n', 'bomb.yaml'));
    expect(error.code).toBe('YAML_UNSAFE');
    expect(error.message).toMatch(/aliases expand too much/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports syntax errors with their position', () => {
    const error = errorOf(() => parseYamlSafely('a: [1, 2\nb: 3\n', 'f.yaml'));
    expect(error.code).toBe('YAML_SYNTAX');
    expect(error.location.file).toBe('f.yaml');
    expect(error.location.line).toBeGreaterThan(0);
  });

  it('refuses duplicate keys', () => {
    expect(errorOf(() => parseYamlSafely('a: 1\na: 2\n', 'f.yaml')).code).toBe('YAML_SYNTAX');
  });
});

describe('readYamlFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confiture-yaml-'));

  it('names a missing file', () => {
    const error = errorOf(() => readYamlFile(join(dir, 'nope.yaml')));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(`file not found: ${join(dir, 'nope.yaml')}`);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'a: ' + 'x'.repeat(MAX_CONFIG_BYTES) + '\n');
    expect(errorOf(() => readYamlFile(file)).code).toBe('YAML_UNSAFE');
  });

  it('refuses bytes that are not UTF-8, naming the line and column', () => {
    const file = join(dir, 'latin1.yaml');
    // "café" saved as Latin-1: 0xE9 is not UTF-8.
    writeFileSync(
      file,
      Buffer.from('tables:\n  users:\n    - { column: caf\xe9, strategy: name }\n', 'latin1'),
    );
    const error = errorOf(() => readYamlFile(file));
    expect(error.code).toBe('YAML_SYNTAX');
    expect(error.message).toBe(`${file}:3:20: the file is not UTF-8 (byte 0xe9 at offset 36)`);
  });

  it('reads UTF-8 text, multi-byte characters included', () => {
    const file = join(dir, 'utf8.yaml');
    writeFileSync(file, 'name: café ☕ 𝄞\n', 'utf8');
    expect(readYamlFile(file).value).toEqual({ name: 'café ☕ 𝄞' });
  });
});

describe('formatYamlPath', () => {
  it('renders keys, indexes and keys that need quoting', () => {
    expect(formatYamlPath(['tables', 'users', 'anonymization', 0, 'strategy'])).toBe(
      'tables.users.anonymization[0].strategy',
    );
    expect(formatYamlPath(['tables', 'app.Accounts'])).toBe('tables["app.Accounts"]');
    expect(formatYamlPath([])).toBe('(root)');
  });
});
