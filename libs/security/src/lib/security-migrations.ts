import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only ledgers: a trigger refuses UPDATE, DELETE and TRUNCATE on each. */
export const LEDGER_TABLES = ['audit_log', 'lineage', 'token_access_log', 'token_grants'] as const;
/** Append-only tables that are not chained: a trigger refuses UPDATE, DELETE and TRUNCATE too. */
export const APPEND_ONLY_TABLES = ['grant_authorities', 'token_access_refusals'] as const;
/** The ledgers the first version created (a migration never changes once released). */
const FIRST_LEDGERS = ['audit_log', 'lineage', 'token_access_log'] as const;
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

/** The append-only triggers of `table`, on in every `session_replication_role`. */
async function refuseChanges(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`
    CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON confiture.${table}
    FOR EACH ROW EXECUTE FUNCTION confiture.refuse_ledger_change()`);
  await queryRunner.query(`
    CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON confiture.${table}
    FOR EACH STATEMENT EXECUTE FUNCTION confiture.refuse_ledger_change()`);
  await queryRunner.query(
    `ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_append_only`,
  );
  await queryRunner.query(
    `ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`,
  );
}

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
    for (const ledger of FIRST_LEDGERS) {
      await queryRunner.query(
        `INSERT INTO confiture.ledger_heads (ledger, sequence, entry_hash) VALUES ($1, 0, $2)`,
        [ledger, GENESIS_HASH],
      );
      await refuseChanges(queryRunner, ledger);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ledger_heads', ...FIRST_LEDGERS, 'token_grants', 'tokens', 'data_keys']) {
      await queryRunner.query(`DROP TABLE IF EXISTS confiture.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS confiture.refuse_ledger_change()`);
  }
}

/** The function through which a ledger head moves; the only writer of `confiture.ledger_heads`. */
export const ADVANCE_HEAD_FUNCTION = 'advance_ledger_head';

/**
 * The append path of the ledgers: `confiture.advance_ledger_head(ledger, from_sequence, from_hash,
 * to_sequence, to_hash, signature)`, a SECURITY DEFINER function owned by the schema owner, moves a
 * head forward only over entries that exist, are numbered without a gap and each link to the hash
 * of the one before, starting from the head as it was (compare-and-set). With it the syncing role
 * needs no UPDATE on `ledger_heads`, so it can neither roll a head back nor point it anywhere but
 * at the chain's real end. It cannot check signatures (the keys never reach the database):
 * verification does.
 */
export class LedgerHeadAppendPath1767312000000 implements MigrationInterface {
  name = 'LedgerHeadAppendPath1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION confiture.${ADVANCE_HEAD_FUNCTION}(
        p_ledger text, p_from_sequence bigint, p_from_hash text,
        p_to_sequence bigint, p_to_hash text, p_signature text
      ) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        head confiture.ledger_heads%ROWTYPE;
        appended bigint;
        linked boolean;
        last_hash text;
      BEGIN
        SELECT * INTO head FROM confiture.ledger_heads WHERE ledger = p_ledger FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'confiture.% has no ledger head', p_ledger USING ERRCODE = 'data_corrupted';
        END IF;
        IF head.sequence <> p_from_sequence OR head.entry_hash <> p_from_hash THEN
          RAISE EXCEPTION 'the head of confiture.% moved to entry % meanwhile', p_ledger, head.sequence
            USING ERRCODE = 'serialization_failure';
        END IF;
        IF p_to_sequence <= p_from_sequence THEN
          RAISE EXCEPTION 'the head of confiture.% only moves forward (entry % to %)', p_ledger, p_from_sequence, p_to_sequence
            USING ERRCODE = 'data_corrupted';
        END IF;
        EXECUTE format(
          'SELECT count(*), coalesce(bool_and(previous_hash = coalesce(before, $3)), false)
             FROM (SELECT previous_hash, lag(entry_hash) OVER (ORDER BY sequence) AS before
                     FROM confiture.%I WHERE sequence > $1 AND sequence <= $2) e', p_ledger)
          INTO appended, linked USING p_from_sequence, p_to_sequence, p_from_hash;
        EXECUTE format('SELECT entry_hash FROM confiture.%I WHERE sequence = $1', p_ledger)
          INTO last_hash USING p_to_sequence;
        IF appended <> p_to_sequence - p_from_sequence OR NOT linked OR last_hash IS DISTINCT FROM p_to_hash THEN
          RAISE EXCEPTION 'entries % to % of confiture.% do not continue its chain: the head stays at entry %',
            p_from_sequence + 1, p_to_sequence, p_ledger, p_from_sequence USING ERRCODE = 'data_corrupted';
        END IF;
        UPDATE confiture.ledger_heads
           SET sequence = p_to_sequence, entry_hash = p_to_hash, signature = p_signature, updated_at = now()
         WHERE ledger = p_ledger;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION IF EXISTS confiture.${ADVANCE_HEAD_FUNCTION}(text, bigint, text, bigint, text, text)`,
    );
  }
}

/**
 * Grants become a signed ledger. The mutable `token_grants` table (principal → level, which anyone
 * who could write it used to reverse with) is replaced by the `token_grants` ledger: grants,
 * changes and revocations, each naming the principal's Ed25519 public key, signed by the grant
 * authority (derived from the audit key), chained and append-only. The grants of the old table
 * named no key, so none can be honoured any more: they are dropped (the token access log keeps
 * their signed history) and must be given again. Reversal entries gain the principal's key that
 * signs them and the grant they relied on; sealed grant authorities and unauthenticated refusals
 * get their tables.
 */
export class SignedTokenGrants1767398400000 implements MigrationInterface {
  name = 'SignedTokenGrants1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const publicKey = `'^ed25519:[A-Za-z0-9_-]{43}$'`;
    await queryRunner.query(`DROP TABLE confiture.token_grants`);
    await queryRunner.query(`
      CREATE TABLE confiture.token_grants (${chainColumns},
        event text NOT NULL CHECK (event IN ('grant', 'revoke')),
        principal text NOT NULL CHECK (principal <> ''),
        access_level text NOT NULL CHECK (access_level IN (${ACCESS_LEVELS})),
        principal_key text CHECK (principal_key ~ ${publicKey}),
        scope jsonb CHECK (scope IS NULL OR jsonb_typeof(scope) = 'array'),
        expires_at timestamptz,
        granted_by text NOT NULL,
        signer text NOT NULL CHECK (signer ~ ${publicKey}),
        CHECK (event = 'revoke' OR access_level = 'NONE' OR principal_key IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX token_grants_principal ON confiture.token_grants (principal, sequence)`,
    );
    await queryRunner.query(
      `INSERT INTO confiture.ledger_heads (ledger, sequence, entry_hash) VALUES ('token_grants', 0, $1)`,
      [GENESIS_HASH],
    );
    await refuseChanges(queryRunner, 'token_grants');
    await queryRunner.query(`
      ALTER TABLE confiture.token_access_log
        ADD COLUMN signer text CHECK (signer ~ ${publicKey}),
        ADD COLUMN grant_sequence bigint,
        ADD CHECK ((signer IS NULL) = (grant_sequence IS NULL))`);
    await queryRunner.query(`
      CREATE TABLE confiture.grant_authorities (
        public_key text PRIMARY KEY CHECK (public_key ~ ${publicKey}),
        data_key_id uuid NOT NULL REFERENCES confiture.data_keys (id),
        nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await refuseChanges(queryRunner, 'grant_authorities');
    await queryRunner.query(`
      CREATE TABLE confiture.token_access_refusals (
        id uuid PRIMARY KEY,
        recorded_at timestamptz NOT NULL,
        principal text NOT NULL,
        token text NOT NULL,
        table_name text,
        column_name text,
        reason text,
        detail text NOT NULL,
        os_user text NOT NULL,
        db_user text NOT NULL,
        host text NOT NULL
      )`);
    await refuseChanges(queryRunner, 'token_access_refusals');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['token_access_refusals', 'grant_authorities', 'token_grants']) {
      await queryRunner.query(`DROP TABLE IF EXISTS confiture.${table}`);
    }
    await queryRunner.query(`DELETE FROM confiture.ledger_heads WHERE ledger = 'token_grants'`);
    await queryRunner.query(
      `ALTER TABLE confiture.token_access_log DROP COLUMN IF EXISTS signer, DROP COLUMN IF EXISTS grant_sequence`,
    );
    await queryRunner.query(`
      CREATE TABLE confiture.token_grants (
        principal text PRIMARY KEY,
        access_level text NOT NULL CHECK (access_level IN (${ACCESS_LEVELS})),
        expires_at timestamptz,
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}

/** Every migration of the security schema, oldest first. */
export const SECURITY_MIGRATIONS = [
  SecuritySchema1767225600000,
  LedgerHeadAppendPath1767312000000,
  SignedTokenGrants1767398400000,
];
