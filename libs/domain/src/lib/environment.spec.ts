import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfitureError } from './confiture-error';
import { resolveConnection } from './environment';

function project(files: Record<string, string>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'confiture-env-'));
  mkdirSync(join(cwd, 'db', 'environments'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(cwd, 'db', 'environments', name), text);
  }
  return cwd;
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

const production = [
  'host: prod-db.example.com',
  'port: 5432',
  'database: ecommerce_prod',
  'user: confiture_sync_user',
  'password: ${PROD_DB_PASSWORD}',
  'pool_size: 5',
  'max_overflow: 10',
  'ssl_mode: require',
  'readonly: true',
  'connect_timeout: 30',
  'statement_timeout: 3600',
].join('\n');

describe('resolveConnection', () => {
  it('reads db/environments/<name>.yaml with ${VAR} from the environment', () => {
    const cwd = project({ 'production.yaml': production });
    const conn = resolveConnection('production', { cwd, env: { PROD_DB_PASSWORD: 's3cr3t-pw' } });
    expect(conn).toMatchObject({
      name: 'production',
      host: 'prod-db.example.com',
      port: 5432,
      database: 'ecommerce_prod',
      user: 'confiture_sync_user',
      sslMode: 'require',
      readonly: true,
      connectTimeoutSeconds: 30,
      statementTimeoutSeconds: 3600,
      label: 'production (confiture_sync_user@prod-db.example.com:5432/ecommerce_prod)',
    });
    expect(conn.password?.reveal()).toBe('s3cr3t-pw');
  });

  it('accepts an IPv6 literal in a URL, bare for the driver and bracketed in the label', () => {
    const conn = resolveConnection('postgresql://root@[::1]:5433/shop', { env: {} });
    expect(conn).toMatchObject({ host: '::1', port: 5433, label: 'root@[::1]:5433/shop' });
  });

  it.each([
    ['postgresql://root:pa%zzss@db:5432/shop', 'malformed percent-encoding in the password'],
    ['postgresql://root@db:5432/sh%E9op', 'malformed percent-encoding in the database name'],
    ['postgresql://root@db/shop?port=99999', 'port out of range'],
  ])('refuses %s with a one-line error instead of crashing', (url, what) => {
    const error = errorOf(() => resolveConnection(url, { env: {} }));
    expect(error.code).toBe('ENVIRONMENT_INVALID');
    expect(error.message).toContain(what);
    expect(error.message).not.toContain('pa%zzss');
  });

  it('never prints the password: JSON, inspect and String all redact it', () => {
    const cwd = project({ 'production.yaml': production });
    const conn = resolveConnection('production', { cwd, env: { PROD_DB_PASSWORD: 's3cr3t-pw' } });
    expect(JSON.stringify(conn)).not.toContain('s3cr3t-pw');
    expect(inspect(conn, { depth: 5 })).not.toContain('s3cr3t-pw');
    expect(String(conn.password)).toBe('***');
  });

  it('names the missing variable and the file', () => {
    const cwd = project({ 'production.yaml': production });
    const error = errorOf(() => resolveConnection('production', { cwd, env: {} }));
    expect(error.code).toBe('ENV_VAR_MISSING');
    expect(error.message).toBe('environment variable PROD_DB_PASSWORD is not set');
    expect(error.location.file).toBe(join(cwd, 'db', 'environments', 'production.yaml'));
    expect(error.location.path).toBe('password');
    expect(error.location.line).toBe(5);
  });

  it('interpolates numbers and keeps $${ literal', () => {
    const cwd = project({
      'local.yml':
        'host: ${DB_HOST}\nport: ${DB_PORT}\ndatabase: app\nuser: me\npassword: "a$${b}"\n',
    });
    const conn = resolveConnection('local', { cwd, env: { DB_HOST: 'db.local', DB_PORT: '6543' } });
    expect(conn.host).toBe('db.local');
    expect(conn.port).toBe(6543);
    expect(conn.password?.reveal()).toBe('a${b}');
  });

  it('refuses an unknown key and quotes the value as written, not interpolated', () => {
    const cwd = project({ 'bad.yaml': 'host: h\ndatabase: d\nport: ${SECRET_PORT}\nusr: me\n' });
    const error = errorOf(() =>
      resolveConnection('bad', { cwd, env: { SECRET_PORT: 'not-a-number-secret' } }),
    );
    const text = JSON.stringify(error.toJSON());
    expect(text).not.toContain('not-a-number-secret');
    expect(error.details.map((d) => d.describe())).toEqual([
      `${join(cwd, 'db', 'environments', 'bad.yaml')}:3:7 port: expected number, got "\${SECRET_PORT}"`,
      `${join(cwd, 'db', 'environments', 'bad.yaml')}:1:1 (root): unknown key "usr"; allowed: url, host, port, database, user, password, ssl_mode, ssl_cert, ssl_key, ssl_root_cert, readonly, connect_timeout, statement_timeout, application_name, pool_size, max_overflow, description`,
    ]);
  });

  it('says where it looked for a missing environment', () => {
    const cwd = project({});
    const error = errorOf(() => resolveConnection('staging', { cwd }));
    expect(error.code).toBe('ENVIRONMENT_NOT_FOUND');
    expect(error.message).toBe('environment "staging" not found');
    expect(error.location.file).toBe(join(cwd, 'db', 'environments', 'staging.yaml'));
  });

  it('refuses names that could escape the environments directory', () => {
    expect(errorOf(() => resolveConnection('../../etc/passwd')).code).toBe('ENVIRONMENT_NOT_FOUND');
  });

  it('accepts a postgresql:// URL wherever a name is accepted', () => {
    const conn = resolveConnection(
      'postgresql://alice:p%40ss@db.example.com:6432/shop?sslmode=require',
      {
        env: {},
      },
    );
    expect(conn).toMatchObject({
      name: 'url',
      host: 'db.example.com',
      port: 6432,
      database: 'shop',
      user: 'alice',
      sslMode: 'require',
      label: 'alice@db.example.com:6432/shop',
    });
    expect(conn.password?.reveal()).toBe('p@ss');
  });

  it('accepts url: inside an environment file, with explicit keys overriding it', () => {
    const cwd = project({ 'ci.yaml': 'url: ${DATABASE_URL}\ndatabase: other\nreadonly: true\n' });
    const conn = resolveConnection('ci', {
      cwd,
      env: { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/test' },
    });
    expect(conn).toMatchObject({
      host: '127.0.0.1',
      port: 5432,
      user: 'root',
      database: 'other',
      readonly: true,
    });
  });
});
