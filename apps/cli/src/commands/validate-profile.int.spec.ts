import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test-support/run-cli';

const examples = join(__dirname, '../../../../examples');

describe('confiture validate-profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confiture-validate-'));
  const profile = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("accepts seed 004's anonymization_config.yaml as written, warning about its literal seed", async () => {
    const run = await runCli(
      ['validate-profile', join(examples, 'seed-004-anonymization_config.yaml')],
      {},
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is a valid profile');
    expect(run.stdout).toContain(
      '4 tables (2 with rules), 7 rules: email ×1, phone ×1, redact ×1, name ×2, address ×2',
    );
    expect(run.stderr).toMatch(/global\.seed writes a seed into the profile/);
  });

  it("accepts seed 002's shape", async () => {
    const run = await runCli(['validate-profile', join(examples, 'seed-002-profile.yaml')], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"production" v1');
  });

  it('refuses a !!js/function tag without running it', async () => {
    const marker = join(dir, 'js-ran');
    const file = profile(
      'js.yaml',
      `tables:\n  users:\n    - column: email\n      strategy: !!js/function "function () { require('fs').writeFileSync('${marker}', 'x') }"\n`,
    );
    const run = await runCli(['validate-profile', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4:17: YAML tag !!js/function is not allowed`);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a !!python/object/apply tag without running it', async () => {
    const marker = join(dir, 'python-ran');
    const file = profile(
      'python.yaml',
      `strategies:\n  evil:\n    type: !!python/object/apply:os.system ["touch ${marker}"]\n`,
    );
    const run = await runCli(['validate-profile', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('YAML tag !!python/object/apply:os.system is not allowed');
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses an alias bomb quickly', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
      );
    }
    const file = profile('bomb.yaml', levels.join('\n') + '\n');
    const started = Date.now();
    const run = await runCli(['validate-profile', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('YAML aliases expand too much');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('names an unknown strategy, its table and the allowed ones', async () => {
    const file = profile(
      'unknown.yaml',
      'tables:\n  users:\n    anonymization:\n      - { column: email, strategy: emial }\n',
    );
    const run = await runCli(['validate-profile', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}:4:36 tables.users.anonymization[0].strategy: unknown strategy "emial"; allowed: preserve, redact`,
    );
  });

  it('names an option of the wrong type and its value', async () => {
    const file = profile(
      'type.yaml',
      'tables:\n  users:\n    - { column: phone, strategy: phone, redact_digits: seven }\n',
    );
    const run = await runCli(['validate-profile', file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'tables.users[0].redact_digits: phone strategy: expected number, got "seven"',
    );
  });

  it('prints exactly one JSON document with --json, for a valid and an invalid profile', async () => {
    const ok = await runCli(
      ['validate-profile', join(examples, 'seed-004-anonymization_config.yaml'), '--json'],
      {},
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ tables: 4, rules: 7 });
    const bad = await runCli(['validate-profile', join(dir, 'missing.yaml'), '--json'], {});
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
  });
});
