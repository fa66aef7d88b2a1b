import { EventEmitter } from 'node:events';
import { ConfitureError, quoteIdent } from '@confiture/domain';
import type { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { SECURITY_ENTITIES, SECURITY_SCHEMA } from './security-entities';
import {
  ADVANCE_HEAD_FUNCTION,
  APPEND_ONLY_TABLES,
  LEDGER_TABLES,
  SECURITY_MIGRATIONS,
} from './security-migrations';

/** The TypeORM migrations table, inside the security schema. */
const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * A node-postgres "module" whose Pool lends one existing client, one borrower at a time. TypeORM
 * accepts the driver module as an option; this lets the security schema run on the connection the
 * caller already opened (the sync engine's target session) instead of opening a pool of its own.
 */
function borrowedClientDriver(client: ClientBase): { Pool: new () => EventEmitter } {
  let queue: Promise<void> = Promise.resolve();
  class BorrowedClientPool extends EventEmitter {
    connect(
      callback: (error: Error | undefined, client: ClientBase, release: () => void) => void,
    ): void {
      const previous = queue;
      let release: () => void = () => undefined;
      queue = new Promise<void>((resolve) => {
        release = resolve;
      });
      void previous.then(() => callback(undefined, client, release));
    }

    /** Ending the pool never ends the borrowed client: its owner does that. */
    end(callback?: (error?: Error) => void): void {
      callback?.();
    }
  }
  return { Pool: BorrowedClientPool };
}

/** A TypeORM DataSource over `client` with the security entities and migrations; call destroy(). */
export async function openSecurityDataSource(client: ClientBase): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    driver: borrowedClientDriver(client),
    schema: SECURITY_SCHEMA,
    entities: SECURITY_ENTITIES,
    migrations: SECURITY_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    installExtensions: false,
    synchronize: false,
    // Query parameters include ciphertexts and principals; TypeORM never logs them.
    logging: false,
  });
  await dataSource.initialize();
  return dataSource;
}

/** Runs `work` with a DataSource over `client`, destroyed afterwards whatever happens. */
export async function withSecurityDataSource<T>(
  client: ClientBase,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await openSecurityDataSource(client);
  try {
    return await work(dataSource);
  } catch (error) {
    throw databaseError(error);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Creates or upgrades the `confiture` schema in the database `client` is connected to (TypeORM
 * migrations, under an advisory lock so that concurrent syncs do not race). Idempotent; returns the
 * names of the migrations it applied. Call it outside any open transaction.
 */
export async function ensureSecuritySchema(client: ClientBase): Promise<{ applied: string[] }> {
  const lock = 'confiture.security-schema';
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
  try {
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists.
    const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      SECURITY_SCHEMA,
    ]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE SCHEMA ${quoteIdent(SECURITY_SCHEMA)}`);
    }
    const applied = await withSecurityDataSource(client, (dataSource) =>
      dataSource.runMigrations({ transaction: 'each' }),
    );
    return { applied: applied.map((m) => m.name) };
  } catch (error) {
    throw databaseError(error);
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
  }
}

/** Whether the security schema exists and is migrated (read-only commands refuse otherwise). */
export async function hasSecuritySchema(client: ClientBase): Promise<boolean> {
  const result = await client.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [`${SECURITY_SCHEMA}.ledger_heads`],
  );
  return result.rows[0]?.present === true;
}

/** Throws NOT_FOUND when the database holds no security schema yet. */
export async function requireSecuritySchema(client: ClientBase): Promise<void> {
  if (!(await hasSecuritySchema(client))) {
    const db = await client.query<{ db: string }>('SELECT current_database() AS db');
    throw new ConfitureError(
      'NOT_FOUND',
      `database "${db.rows[0]?.db}" has no ${SECURITY_SCHEMA} schema: no sync has recorded anything here`,
      { hint: 'Point --env at the target of a sync (the database the audit log was written to).' },
    );
  }
}

/** Options of {@link lockDownSecuritySchema}. */
export interface LockDownOptions {
  /** The login role syncs run as: it may append to the ledgers, never change them. */
  writerRole: string;
  /** A NOLOGIN role that owns the schema (created if missing); default `confiture_owner`. */
  ownerRole?: string;
  /** Roles that run `confiture tokens reverse`: read tokens and grants, append reversals. */
  reverserRoles?: readonly string[];
  /** Roles that run `confiture tokens grant`: append grants, nothing else. */
  grantorRoles?: readonly string[];
}

/** What {@link lockDownSecuritySchema} did, and what still needs attention. */
export interface LockDownReport {
  ownerRole: string;
  writerRole: string;
  warnings: string[];
}

/**
 * What each role may do in the locked schema: [privileges, tables]. Nobody but the owner may
 * UPDATE, DELETE or TRUNCATE anything; heads move only through the append function.
 */
const WRITER_PRIVILEGES: readonly [string, readonly string[]][] = [
  ['SELECT, INSERT', ['audit_log', 'lineage', 'tokens', 'data_keys', 'grant_authorities']],
  ['SELECT', ['ledger_heads', 'token_grants', 'token_access_log', 'schema_migrations']],
];
const REVERSER_PRIVILEGES: readonly [string, readonly string[]][] = [
  ['SELECT, INSERT', ['token_access_log', 'token_access_refusals']],
  [
    'SELECT',
    [
      'tokens',
      'data_keys',
      'grant_authorities',
      'token_grants',
      'ledger_heads',
      'schema_migrations',
    ],
  ],
];
const GRANTOR_PRIVILEGES: readonly [string, readonly string[]][] = [
  ['SELECT, INSERT', ['token_grants']],
  ['SELECT', ['ledger_heads', 'schema_migrations']],
];

/**
 * Hands the security schema to a NOLOGIN owner role and leaves the syncing role only what it needs:
 * SELECT and INSERT on the audit log, lineage, tokens, data keys and sealed grant authorities,
 * SELECT on the heads, grants and token access log, and EXECUTE on `confiture.advance_ledger_head`,
 * the only way a head moves (forward, over entries that continue the chain). Not being the owner,
 * the syncing role cannot disable the append-only triggers, alter or drop the tables, move a head
 * anywhere else, or grant itself access to tokens. Reverser roles may read tokens and grants and
 * append to the token access log and refusals; grantor roles may append grants.
 * Tables the syncing role created itself (the sync's bookkeeping `confiture.sync_*`, the PII audits
 * `confiture.pii_audits`) stay its own. Applies pending migrations first, so run it again after an
 * upgrade. Run it as an administrator (a superuser, or a role that is a member of both roles).
 */
export async function lockDownSecuritySchema(
  client: ClientBase,
  options: LockDownOptions,
): Promise<LockDownReport> {
  const owner = options.ownerRole ?? 'confiture_owner';
  const writer = options.writerRole;
  const schema = quoteIdent(SECURITY_SCHEMA);
  const table = (name: string) => `${schema}.${quoteIdent(name)}`;
  const warnings: string[] = [];
  // The syncing role cannot migrate a schema it does not own: migrate as the administrator first.
  await ensureSecuritySchema(client);
  try {
    await client.query('BEGIN');
    const roles = await client.query<{ rolname: string; rolsuper: boolean }>(
      'SELECT rolname, rolsuper FROM pg_roles WHERE rolname = ANY($1)',
      [[owner, writer]],
    );
    const writerRow = roles.rows.find((r) => r.rolname === writer);
    if (!writerRow) {
      throw new ConfitureError('NOT_FOUND', `role "${writer}" does not exist`, {
        hint: 'Name the login role your syncs connect as.',
      });
    }
    if (writerRow.rolsuper) {
      warnings.push(
        `role "${writer}" is a superuser: it bypasses every privilege and can disable the triggers; sync as an ordinary role`,
      );
    }
    if (!roles.rows.some((r) => r.rolname === owner)) {
      await client.query(`CREATE ROLE ${quoteIdent(owner)} NOLOGIN`);
    }
    const tables = [
      'data_keys',
      'tokens',
      'ledger_heads',
      MIGRATIONS_TABLE,
      ...LEDGER_TABLES,
      ...APPEND_ONLY_TABLES,
    ];
    const everyone = [writer, ...(options.reverserRoles ?? []), ...(options.grantorRoles ?? [])]
      .map(quoteIdent)
      .join(', ');
    await client.query(`ALTER SCHEMA ${schema} OWNER TO ${quoteIdent(owner)}`);
    for (const name of tables) {
      await client.query(`ALTER TABLE ${table(name)} OWNER TO ${quoteIdent(owner)}`);
      await client.query(`REVOKE ALL ON ${table(name)} FROM PUBLIC, ${everyone}`);
    }
    const sequences = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'S'
         -- A serial or identity sequence follows its table's owner and cannot be given away alone.
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype IN ('a', 'i'))`,
      [SECURITY_SCHEMA],
    );
    for (const { name } of sequences.rows) {
      await client.query(`ALTER SEQUENCE ${table(name)} OWNER TO ${quoteIdent(owner)}`);
    }
    await client.query(
      `ALTER FUNCTION ${schema}.refuse_ledger_change() OWNER TO ${quoteIdent(owner)}`,
    );
    const advanceHead = `${schema}.${ADVANCE_HEAD_FUNCTION}(text, bigint, text, bigint, text, text)`;
    await client.query(`ALTER FUNCTION ${advanceHead} OWNER TO ${quoteIdent(owner)}`);
    await client.query(`REVOKE ALL ON FUNCTION ${advanceHead} FROM PUBLIC, ${everyone}`);
    await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${everyone}`);
    const allow = async (role: string, privileges: readonly [string, readonly string[]][]) => {
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${quoteIdent(role)}`);
      for (const [what, on] of privileges) {
        await client.query(`GRANT ${what} ON ${on.map(table).join(', ')} TO ${quoteIdent(role)}`);
      }
      await client.query(`GRANT EXECUTE ON FUNCTION ${advanceHead} TO ${quoteIdent(role)}`);
    };
    await allow(writer, WRITER_PRIVILEGES);
    for (const role of options.reverserRoles ?? []) await allow(role, REVERSER_PRIVILEGES);
    for (const role of options.grantorRoles ?? []) await allow(role, GRANTOR_PRIVILEGES);
    const bookkeeping = await client.query<{ present: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS present`,
      [`${SECURITY_SCHEMA}.sync_runs`],
    );
    if (!bookkeeping.rows[0]?.present) {
      warnings.push(
        `no sync has run into this database yet: role "${writer}" can no longer create its bookkeeping tables (confiture.sync_*) in the locked schema; run one sync first, then lock down again`,
      );
    }
    const member = await client.query<{ member: boolean }>(
      `SELECT pg_has_role($1, $2, 'MEMBER') AS member`,
      [writer, owner],
    );
    if (member.rows[0]?.member && !writerRow.rolsuper) {
      warnings.push(`role "${writer}" is a member of "${owner}" and so still owns the schema`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw databaseError(error);
  }
  return { ownerRole: owner, writerRole: writer, warnings };
}

/**
 * A database failure as a ConfitureError: privileges → ACCESS_DENIED, a missing schema → NOT_FOUND.
 * Only the server's message is kept (TypeORM errors also carry the query's parameters).
 */
export function databaseError(error: unknown): ConfitureError {
  if (error instanceof ConfitureError) return error;
  const err = error as { code?: string; message?: string; driverError?: { code?: string } };
  const code = err.code ?? err.driverError?.code;
  const message = err.message ?? String(error);
  switch (code) {
    case '42501':
      return new ConfitureError('ACCESS_DENIED', `database refused: ${message}`, {
        hint: 'The role lacks a privilege on the confiture schema; see docs/security.md ("Roles").',
      });
    case 'XX001':
      return new ConfitureError('INTEGRITY_FAILED', `database refused: ${message}`, {
        hint: 'Run `confiture audit verify` (or `lineage verify`) and investigate before writing again.',
      });
    case '3F000':
    case '42P01':
      return new ConfitureError(
        'NOT_FOUND',
        `the confiture schema is missing or incomplete: ${message}`,
      );
    default:
      return new ConfitureError('INTERNAL', `database error: ${message}`);
  }
}
