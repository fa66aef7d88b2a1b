import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfitureError } from './confiture-error';
import { daemonConnection, loadDaemonConfig } from './daemon-config';

const HASH = 'a'.repeat(64);

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-config-'));
  const file = join(dir, 'daemon.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfitureError) return error;
    throw error;
  }
  throw new Error('expected a ConfitureError');
}

/** Every message and path of an error and its details. */
function problems(error: ConfitureError): { path?: string; message: string }[] {
  const all = error.details.length > 0 ? error.details : [error];
  return all.map((e) => ({ path: e.location.path, message: e.message }));
}

const valid = [
  'control: ${CONTROL_URL}',
  'listen: { host: 127.0.0.1, port: 0 }',
  'auth:',
  '  tokens:',
  '    - { name: ci-bot, role: operator, sha256: "${CI_TOKEN_SHA256}" }',
  'environments:',
  '  production: db/environments/production.yaml',
  '  staging: postgresql://stage@db.internal:5432/shop',
  'profiles: { staging: anonymization_config.yaml }',
  'schedules:',
  '  - { name: weekly-staging, cron: "0 2 * * 1", timezone: Europe/Paris, from: production,',
  '      to: staging, profile: staging, approval: auto, mode: atomic }',
].join('\n');

const env = { CONTROL_URL: 'postgresql://root@127.0.0.1:5432/control', CI_TOKEN_SHA256: HASH };

describe('loadDaemonConfig', () => {
  it('reads the issue example with ${VAR} from the environment and files made absolute', () => {
    const file = configFile(valid);
    const config = loadDaemonConfig(file, env);
    expect(config.control).toBe(env.CONTROL_URL);
    expect(config.auth.tokens).toEqual([{ name: 'ci-bot', role: 'operator', sha256: HASH }]);
    expect(config.environments['production']).toBe(
      join(file, '..', 'db/environments/production.yaml'),
    );
    expect(config.environments['staging']).toBe('postgresql://stage@db.internal:5432/shop');
    expect(config.profiles['staging']).toBe(join(file, '..', 'anonymization_config.yaml'));
    expect(config.schedules[0]).toEqual({
      name: 'weekly-staging',
      cron: '0 2 * * 1',
      timezone: 'Europe/Paris',
      from: 'production',
      to: 'staging',
      profile: 'staging',
      approval: 'auto',
      mode: 'atomic',
    });
    expect(config.jobs.lease_seconds).toBe(30);
    expect(config.jobs.isolation).toBe('process');
    expect(config.atomic).toEqual({
      grace_seconds: 30,
      on_open_connections: 'terminate',
      maintenance_database: 'postgres',
    });
  });

  it('resolves compliance: against the configuration file, and leaves it out when not given', () => {
    const file = configFile(`${valid}\ncompliance: legal/compliance.yaml\n`);
    expect(loadDaemonConfig(file, env).compliance).toBe(join(file, '..', 'legal/compliance.yaml'));
    expect(loadDaemonConfig(configFile(valid), env)).not.toHaveProperty('compliance');
    const empty = errorOf(() => loadDaemonConfig(configFile(`${valid}\ncompliance: ""\n`), env));
    expect(problems(empty).map((p) => p.path)).toEqual(['compliance']);
  });

  it('names the variable, the file and the YAML path when a variable is missing', () => {
    const file = configFile(valid);
    const error = errorOf(() => loadDaemonConfig(file, { CONTROL_URL: env.CONTROL_URL }));
    expect(error.code).toBe('ENV_VAR_MISSING');
    expect(error.message).toBe('environment variable CI_TOKEN_SHA256 is not set');
    expect(error.location.file).toBe(file);
    expect(error.location.path).toBe('auth.tokens[0].sha256');
  });

  it('refuses an unknown key, naming its path and the allowed keys', () => {
    const file = configFile(`${valid}\nlisten_port: 80\n`);
    const error = errorOf(() => loadDaemonConfig(file, env));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.location.path).toBe('(root)');
    expect(error.message).toContain('unknown key "listen_port"; allowed: control, listen, auth');
  });

  it('reads jobs.isolation (process or inline) and refuses any other value, naming its path', () => {
    const inline = loadDaemonConfig(configFile(`${valid}\njobs: { isolation: inline }\n`), env);
    expect(inline.jobs).toMatchObject({ isolation: 'inline', lease_seconds: 30 });
    const error = errorOf(() =>
      loadDaemonConfig(configFile(`${valid}\njobs: { isolation: thread }\n`), env),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(problems(error).map((p) => p.path)).toEqual(['jobs.isolation']);
  });

  it('refuses a token given in clear instead of its SHA-256, without quoting the value', () => {
    const file = configFile(valid);
    const error = errorOf(() =>
      loadDaemonConfig(file, { ...env, CI_TOKEN_SHA256: 'my-clear-token-value' }),
    );
    expect(problems(error)).toEqual([
      {
        path: 'auth.tokens[0].sha256',
        message: '"${CI_TOKEN_SHA256}": must be the SHA-256 of the token as 64 hex characters',
      },
    ]);
    expect(JSON.stringify(error.toJSON())).not.toContain('my-clear-token-value');
  });

  it('names each bad field of a schedule by its YAML path', () => {
    const file = configFile(
      valid
        .replace('"0 2 * * 1"', '"every monday"')
        .replace('Europe/Paris', 'Mars/Olympus')
        .replace('approval: auto', 'approval: sometimes'),
    );
    const error = errorOf(() => loadDaemonConfig(file, env));
    expect(problems(error).map((p) => p.path)).toEqual([
      'schedules[0].cron',
      'schedules[0].timezone',
      'schedules[0].approval',
    ]);
    expect(problems(error)[2]!.message).toBe(
      '"sometimes" is not allowed; allowed: "auto", "manual"',
    );
  });

  it('refuses a schedule naming an environment or profile the config does not hold', () => {
    const file = configFile(
      valid.replace('to: staging', 'to: laptop').replace('profile: staging', 'profile: gdpr'),
    );
    const error = errorOf(() => loadDaemonConfig(file, env));
    expect(problems(error)).toEqual([
      { path: 'schedules[0].to', message: 'environment "laptop" is not configured' },
      { path: 'schedules[0].profile', message: 'profile "gdpr" is not configured' },
    ]);
  });

  it('refuses two tokens with one name or one hash', () => {
    const file = configFile(
      valid.replace(
        '    - { name: ci-bot, role: operator, sha256: "${CI_TOKEN_SHA256}" }',
        [
          '    - { name: ci-bot, role: operator, sha256: "${CI_TOKEN_SHA256}" }',
          '    - { name: ci-bot, role: viewer, sha256: ' + 'b'.repeat(64) + ' }',
          '    - { name: other, role: viewer, sha256: ' + 'A'.repeat(64) + ' }',
        ].join('\n'),
      ),
    );
    const error = errorOf(() => loadDaemonConfig(file, env));
    expect(problems(error)).toEqual([
      { path: 'auth[1].name', message: '"ci-bot" is used twice' },
      { path: 'auth.tokens[2].sha256', message: 'the same token as "ci-bot"' },
    ]);
  });

  it('refuses a custom YAML tag', () => {
    const file = configFile(`${valid}\nextra: !!js/function "function () {}"\n`);
    expect(errorOf(() => loadDaemonConfig(file, env)).code).toBe('YAML_UNSAFE');
  });
});

describe('daemonConnection', () => {
  it('refuses a name the configuration does not hold, even a URL or a path', () => {
    const config = loadDaemonConfig(configFile(valid), env);
    for (const name of [
      'laptop',
      'postgresql://evil@attacker/db',
      '../../etc/passwd',
      '__proto__',
    ]) {
      const error = errorOf(() => daemonConnection(config, name, env));
      expect(error.code).toBe('ENVIRONMENT_NOT_FOUND');
      expect(error.message).toBe(`environment "${name}" is not configured`);
    }
  });

  it('resolves a configured URL under its configured name', () => {
    const config = loadDaemonConfig(configFile(valid), env);
    const staging = daemonConnection(config, 'staging', env);
    expect(staging).toMatchObject({ name: 'staging', host: 'db.internal', database: 'shop' });
    expect(staging.label).toBe('staging (stage@db.internal:5432/shop)');
  });
});
