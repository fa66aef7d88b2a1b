import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only ledgers: a trigger refuses UPDATE, DELETE and TRUNCATE on each. */
export const LEDGER_TABLES = ['audit_log', 'lineage', 'token_access_log'] as const;
/** One of {@link LEDGER_TABLES}. */
export type LedgerName = (typeof LEDGER_TABLES)[number];

/** The all-zero hash an empty chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

const ACCESS_LEVELS =
  "'NONE', 'READ_ONLY', 'REVERSE_WITH_REASON', 'REVERSE_WITHOUT_REASON', 'UNRESTRICTED'";

const chainColumns = `
  sequence bigint PRIMARY KEY CHECK (sequence > 0),
  recorded_at timestamptz NOT NULL,
  previous_hash text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
  entry_hash text NOT NULL CHECK (entry_hash ~ '^[0-9a-f]{64}$'),
  signature text NOT NULL`;

/**
 * The first version of the security schema: data keys, tokens, grants, the three signed ledgers
 * and their heads. Ledger triggers are ENABLE ALWAYS so that `session_replication_role = replica`
 * (used by bulk loads to skip triggers) does not switch them off either.
 */
export class SecuritySchema1767225600000 implements MigrationInterface {
  name = 'SecuritySchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE confiture.data_keys (
        id uuid PRIMARY KEY,
        provider text NOT NULL,
        master_key_id text NOT NULL,
        master_key_version text NOT NULL,
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE confiture.tokens (
        token text NOT NULL,
        table_name text NOT NULL,
        column_name text NOT NULL,
        ciphertext bytea NOT NULL,
        nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
        data_key_id uuid NOT NULL REFERENCES confiture.data_keys (id),
        key_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        PRIMARY KEY (token, table_name, column_name)
      )`);
    await queryRunner.query(`
      CREATE TABLE confiture.token_grants (
        principal text PRIMARY KEY,
        access_level text NOT NULL CHECK (access_level IN (${ACCESS_LEVELS})),
        expires_at timestamptz,
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE confiture.audit_log (${chainColumns},
        run_id uuid NOT NULL,
        os_user text NOT NULL,
        principal text,
        host text NOT NULL,
        source text NOT NULL,
        target text NOT NULL,
        profile_name text,
        profile_version text,
        profile_sha256 text,
        tables jsonb NOT NULL,
        rows_per_table jsonb NOT NULL,
        strategies jsonb NOT NULL,
        verification jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        status text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE confiture.lineage (${chainColumns},
        run_id uuid NOT NULL,
        table_name text NOT NULL,
        column_name text NOT NULL,
        strategy text NOT NULL,
        options_sha256 text NOT NULL,
        rows bigint NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX lineage_run_id ON confiture.lineage (run_id)`);
    await queryRunner.query(`
      CREATE TABLE confiture.token_access_log (${chainColumns},
        event text NOT NULL CHECK (event IN ('grant', 'reverse')),
        principal text NOT NULL,
        access_level text NOT NULL,
        token text,
        table_name text,
        column_name text,
        reason text,
        outcome text NOT NULL CHECK (outcome IN ('granted', 'refused')),
        detail text,
        os_user text NOT NULL,
        db_user text NOT NULL,
        host text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE confiture.ledger_heads (
        ledger text PRIMARY KEY,
        sequence bigint NOT NULL CHECK (sequence >= 0),
        entry_hash text NOT NULL,
        signature text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION confiture.refuse_ledger_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'confiture.% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Ledger entries are never changed or removed; append a new entry instead.';
      END
      $$`);
    for (const ledger of LEDGER_TABLES) {
      await queryRunner.query(
        `INSERT INTO confiture.ledger_heads (ledger, sequence, entry_hash) VALUES ($1, 0, $2)`,
        [ledger, GENESIS_HASH],
      );
      await queryRunner.query(`
        CREATE TRIGGER ${ledger}_append_only BEFORE UPDATE OR DELETE ON confiture.${ledger}
        FOR EACH ROW EXECUTE FUNCTION confiture.refuse_ledger_change()`);
      await queryRunner.query(`
        CREATE TRIGGER ${ledger}_no_truncate BEFORE TRUNCATE ON confiture.${ledger}
        FOR EACH STATEMENT EXECUTE FUNCTION confiture.refuse_ledger_change()`);
      await queryRunner.query(
        `ALTER TABLE confiture.${ledger} ENABLE ALWAYS TRIGGER ${ledger}_append_only`,
      );
      await queryRunner.query(
        `ALTER TABLE confiture.${ledger} ENABLE ALWAYS TRIGGER ${ledger}_no_truncate`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ledger_heads', ...LEDGER_TABLES, 'token_grants', 'tokens', 'data_keys']) {
      await queryRunner.query(`DROP TABLE IF EXISTS confiture.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS confiture.refuse_ledger_change()`);
  }
}

/** Every migration of the security schema, oldest first. */
export const SECURITY_MIGRATIONS = [SecuritySchema1767225600000];
