import { ConfitureError, quoteIdent } from '@confiture/domain';
import type { ClientBase } from 'pg';

/** The schema Confiture's records live in (shared with the security library's ledgers). */
const SCHEMA = 'confiture';
const MIGRATIONS_TABLE = `${SCHEMA}.compliance_migrations`;

/** The append-only tables of the breach register; a trigger refuses UPDATE, DELETE and TRUNCATE. */
export const BREACH_TABLES = ['breach_incidents', 'breach_notifications'] as const;

/** The compliance schema's migrations, oldest first; each runs once, in its own transaction. */
const MIGRATIONS: { name: string; statements: string[] }[] = [
  {
    name: 'ComplianceBreachRegister1767312000000',
    statements: [
      `CREATE TABLE ${SCHEMA}.breach_incidents (
         id uuid PRIMARY KEY,
         recorded_at timestamptz NOT NULL DEFAULT now(),
         detected_at timestamptz NOT NULL,
         detected_at_text text NOT NULL,
         severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
         categories text[] NOT NULL CHECK (cardinality(categories) > 0),
         subjects bigint NOT NULL CHECK (subjects >= 0),
         regions text[] NOT NULL CHECK (cardinality(regions) > 0),
         recorded_by text NOT NULL,
         record_sha256 text NOT NULL CHECK (record_sha256 ~ '^[0-9a-f]{64}$'),
         audit_sequence bigint NOT NULL
       )`,
      `CREATE TABLE ${SCHEMA}.breach_notifications (
         id uuid PRIMARY KEY,
         incident_id uuid NOT NULL REFERENCES ${SCHEMA}.breach_incidents (id),
         regulation text NOT NULL,
         recipient text NOT NULL CHECK (recipient IN ('authority', 'subjects', 'assessment')),
         notified_at timestamptz NOT NULL,
         recorded_at timestamptz NOT NULL DEFAULT now(),
         recorded_by text NOT NULL,
         record_sha256 text NOT NULL CHECK (record_sha256 ~ '^[0-9a-f]{64}$'),
         audit_sequence bigint NOT NULL
       )`,
      `CREATE INDEX breach_notifications_incident ON ${SCHEMA}.breach_notifications (incident_id)`,
      `CREATE FUNCTION ${SCHEMA}.refuse_register_change() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'confiture.% is append-only: % refused', TG_TABLE_NAME, TG_OP
           USING ERRCODE = 'insufficient_privilege',
                 HINT = 'Register entries are never changed or removed; record a new entry instead.';
       END
       $$`,
      ...BREACH_TABLES.flatMap((table) => [
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${SCHEMA}.${table}
         FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.refuse_register_change()`,
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${SCHEMA}.${table}
         FOR EACH STATEMENT EXECUTE FUNCTION ${SCHEMA}.refuse_register_change()`,
        // ENABLE ALWAYS: `session_replication_role = replica` does not switch them off either.
        `ALTER TABLE ${SCHEMA}.${table} ENABLE ALWAYS TRIGGER ${table}_append_only`,
        `ALTER TABLE ${SCHEMA}.${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`,
      ]),
    ],
  },
];

/**
 * Creates or upgrades the breach register in the `confiture` schema of the database `client` is
 * connected to, under an advisory lock; idempotent. Returns the migrations it applied. Call it
 * outside any open transaction.
 */
export async function ensureBreachRegister(client: ClientBase): Promise<{ applied: string[] }> {
  const lock = 'confiture.compliance-schema';
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
  const applied: string[] = [];
  try {
    const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [SCHEMA]);
    if (existing.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(SCHEMA)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
         name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map(
        (r) => r.name,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.name)) continue;
      await client.query('BEGIN');
      try {
        for (const statement of migration.statements) await client.query(statement);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1)`, [migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new ConfitureError(
          'INTERNAL',
          `could not create the breach register (${migration.name}): ${(error as Error).message}`,
          { cause: error, hint: 'The role needs CREATE on the confiture schema the first time.' },
        );
      }
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
  }
}

/** Whether the breach register exists in this database. */
export async function hasBreachRegister(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('${SCHEMA}.breach_incidents') IS NOT NULL AS present`,
  );
  return rows[0]?.present === true;
}
