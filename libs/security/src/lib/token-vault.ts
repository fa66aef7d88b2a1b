import { randomUUID } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import {
  canDescribe,
  decideReversal,
  isAccessLevel,
  type AccessLevel,
  type Grant,
} from './access-level';
import { currentActor, type Actor } from './actor';
import { openAesGcm, sealAesGcm } from './aes-gcm';
import type { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import { DataKeyCache } from './data-key-cache';
import type { KeyProvider, KeyProviderName, WrappedKey } from './key-provider';
import {
  appendToLedger,
  auditKeyLedgerKeys,
  verifyLedger,
  type ChainVerification,
  type LedgerSpec,
} from './ledger';
import {
  DataKeyEntity,
  TokenAccessEntity,
  TokenEntity,
  TokenGrantEntity,
  type DataKeyRow,
  type TokenAccessRow,
  type TokenGrantRow,
  type TokenRow,
} from './security-entities';
import {
  databaseError,
  ensureSecuritySchema,
  openSecurityDataSource,
  requireSecuritySchema,
  withSecurityDataSource,
} from './security-store';

/** One value the tokenize strategy replaced: the token written to the target and its original. */
export interface TokenEntry {
  token: string;
  original: string;
  /** Schema-qualified table, e.g. `public.users`. */
  table: string;
  column: string;
}

/** Options of {@link TokenVault.open}. */
export interface TokenVaultOptions {
  /** Wraps and unwraps data keys; needed to store and reverse tokens, not to grant. */
  keyProvider?: KeyProvider;
  /** Signs the token access log; required by {@link TokenVault.grant} and {@link TokenVault.reverse}. */
  auditKey?: AuditKey;
  /** Tokens stored from now on can no longer be reversed after this many milliseconds. */
  tokenTtlMs?: number;
  /** How long an unwrapped data key stays in memory; default 5 minutes. */
  dataKeyTtlMs?: number;
  /** Create or upgrade the schema first (default); `false` requires it to exist already. */
  migrate?: boolean;
  /** Who is acting; default the OS user and host of this process. */
  actor?: Actor;
  /** The clock (tests). */
  now?: () => Date;
}

/** Where a token occurs and how its original is protected; never the original itself. */
export interface TokenMetadata {
  token: string;
  table: string;
  column: string;
  keyVersion: string;
  createdAt: string;
  expiresAt?: string;
}

/** A successful reversal. */
export interface Reversal {
  token: string;
  original: string;
  table: string;
  column: string;
  /** Every table and column the token occurs in (the same original everywhere). */
  locations: { table: string; column: string }[];
  principal: string;
  accessLevel: AccessLevel;
  /** The token access log entry that records it. */
  logSequence: number;
}

/** A principal's grant as stored. */
export interface GrantRecord {
  principal: string;
  level: AccessLevel;
  expiresAt?: string;
  grantedBy: string;
  grantedAt: string;
  logSequence: number;
}

/** The token access log's chain definition. */
export const TOKEN_ACCESS_LEDGER: LedgerSpec<TokenAccessRow> = {
  name: 'token_access_log',
  entity: TokenAccessEntity,
  fields: [
    'event',
    'principal',
    'accessLevel',
    'token',
    'tableName',
    'columnName',
    'reason',
    'outcome',
    'detail',
    'osUser',
    'dbUser',
    'host',
  ],
};

const INSERT_CHUNK = 1000;
/** Random 96-bit nonces stay safe far beyond this many encryptions under one key (NIST SP 800-38D). */
const MAX_ENCRYPTIONS_PER_DATA_KEY = 2 ** 30;

/**
 * The token store, in the target's `confiture` schema. Originals are encrypted with AES-256-GCM
 * under data keys (fresh 96-bit nonce each; associated data binds the token, table and column);
 * data keys are wrapped by the key provider and kept in memory only briefly. Access levels are
 * granted per principal; every reversal attempt, granted or refused, is signed into
 * `confiture.token_access_log` before any original is returned.
 */
export class TokenVault {
  readonly #dataSource: DataSource;
  readonly #options: TokenVaultOptions;
  readonly #cache: DataKeyCache;
  readonly #actor: Actor;
  readonly #dbUser: string;
  #current?: { id: string; version: string; uses: number };

  private constructor(dataSource: DataSource, options: TokenVaultOptions, dbUser: string) {
    this.#dataSource = dataSource;
    this.#options = options;
    this.#cache = new DataKeyCache(options.dataKeyTtlMs ?? 5 * 60_000);
    this.#actor = options.actor ?? currentActor();
    this.#dbUser = dbUser;
  }

  /** Opens the vault on `client` (the target database); call {@link close} when done. */
  static async open(client: ClientBase, options: TokenVaultOptions): Promise<TokenVault> {
    if (options.migrate === false) await requireSecuritySchema(client);
    else await ensureSecuritySchema(client);
    const user = await client.query<{ user: string }>('SELECT session_user AS user');
    const dataSource = await openSecurityDataSource(client).catch((error: unknown) => {
      throw databaseError(error);
    });
    return new TokenVault(dataSource, options, user.rows[0]?.user ?? 'unknown');
  }

  /**
   * Encrypts and stores originals in batches; a token already stored for the same table and
   * column is left as it is. Returns how many rows were new.
   */
  async storeTokens(entries: readonly TokenEntry[]): Promise<{ stored: number }> {
    let stored = 0;
    try {
      for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
        const chunk = entries.slice(i, i + INSERT_CHUNK);
        const dataKey = await this.#dataKeyForEncryption(chunk.length);
        const expiresAt =
          this.#options.tokenTtlMs === undefined
            ? null
            : new Date(this.#now().getTime() + this.#options.tokenTtlMs);
        const rows: TokenRow[] = chunk.map((entry) => {
          const box = sealAesGcm(
            dataKey.key,
            Buffer.from(entry.original, 'utf8'),
            associatedData(entry.token, entry.table, entry.column),
          );
          return {
            token: entry.token,
            tableName: entry.table,
            columnName: entry.column,
            ciphertext: box.ciphertext,
            nonce: box.nonce,
            dataKeyId: dataKey.id,
            keyVersion: dataKey.version,
            createdAt: this.#now(),
            expiresAt,
          };
        });
        const result = await this.#dataSource
          .createQueryBuilder()
          .insert()
          .into(TokenEntity)
          .values(rows)
          .orIgnore()
          .returning(['token'])
          .execute();
        stored += Array.isArray(result.raw) ? result.raw.length : 0;
      }
    } catch (error) {
      throw databaseError(error);
    }
    return { stored };
  }

  /** Grants `level` to `principal` (replacing any earlier grant) and signs it into the access log. */
  async grant(
    principal: string,
    level: AccessLevel,
    options: { expiresAt?: Date } = {},
  ): Promise<GrantRecord> {
    if (!principal.trim()) throw new ConfitureError('INTERNAL', 'a principal cannot be empty');
    if (!isAccessLevel(level))
      throw new ConfitureError('INTERNAL', `unknown access level ${level}`);
    const key = this.#auditKey();
    const grantedBy = `${this.#actor.osUser}@${this.#actor.host} (database role ${this.#dbUser})`;
    const row: TokenGrantRow = {
      principal,
      accessLevel: level,
      expiresAt: options.expiresAt ?? null,
      grantedBy,
      grantedAt: this.#now(),
    };
    try {
      const [entry] = await this.#dataSource.transaction(async (manager) => {
        await manager.upsert(TokenGrantEntity, row, ['principal']);
        return appendToLedger(manager, TOKEN_ACCESS_LEDGER, auditKeyLedgerKeys(key), [
          this.#accessEntry({
            event: 'grant',
            principal,
            accessLevel: level,
            outcome: 'granted',
            detail: options.expiresAt ? `expires ${options.expiresAt.toISOString()}` : 'no expiry',
          }),
        ]);
      });
      return {
        principal,
        level,
        ...(options.expiresAt ? { expiresAt: options.expiresAt.toISOString() } : {}),
        grantedBy,
        grantedAt: row.grantedAt.toISOString(),
        logSequence: entry?.sequence ?? 0,
      };
    } catch (error) {
      throw databaseError(error);
    }
  }

  /** The grant `principal` holds, if any (expired ones included, with their expiry). */
  async grantOf(principal: string): Promise<Grant | undefined> {
    const row = await this.#dataSource.getRepository(TokenGrantEntity).findOneBy({ principal });
    if (!row || !isAccessLevel(row.accessLevel)) return undefined;
    return {
      principal,
      level: row.accessLevel,
      ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
    };
  }

  /** Where a token occurs; needs READ_ONLY or above. Not an original in sight. */
  async describe(token: string, options: { as: string }): Promise<TokenMetadata[]> {
    const grant = await this.grantOf(options.as);
    if (!canDescribe(grant, this.#now())) {
      throw new ConfitureError('ACCESS_DENIED', `${options.as} may not look up tokens`, {
        hint: 'Ask for READ_ONLY (or a higher level) with `confiture tokens grant`.',
      });
    }
    return (await this.#tokenRows(token)).map((row) => ({
      token: row.token,
      table: row.tableName,
      column: row.columnName,
      keyVersion: row.keyVersion,
      createdAt: row.createdAt.toISOString(),
      ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    }));
  }

  /**
   * Returns a token's original if `as` may reverse it (see `decideReversal`). Every attempt is
   * signed into the token access log first; a refusal is ACCESS_DENIED, an unknown token NOT_FOUND,
   * an expired one ACCESS_DENIED, a tampered ciphertext INTEGRITY_FAILED.
   */
  async reverse(
    token: string,
    options: { as: string; reason?: string; table?: string; column?: string },
  ): Promise<Reversal> {
    const key = this.#auditKey();
    const now = this.#now();
    const reason = options.reason?.trim() || undefined;
    const grant = await this.grantOf(options.as);
    const decision = decideReversal({ grant, ...(reason ? { reason } : {}), now });
    const record = async (
      outcome: 'granted' | 'refused',
      detail: string | null,
      location?: { table: string; column: string },
    ) => {
      const [entry] = await appendToLedger(
        this.#dataSource,
        TOKEN_ACCESS_LEDGER,
        auditKeyLedgerKeys(key),
        [
          this.#accessEntry({
            event: 'reverse',
            principal: options.as,
            accessLevel: decision.level,
            token,
            tableName: location?.table ?? options.table ?? null,
            columnName: location?.column ?? options.column ?? null,
            reason: reason ?? null,
            outcome,
            detail,
          }),
        ],
      );
      return entry?.sequence ?? 0;
    };
    const refuse = async (
      code: 'ACCESS_DENIED' | 'NOT_FOUND' | 'INTEGRITY_FAILED',
      why: string,
      hint?: string,
    ) => {
      const sequence = await record('refused', why);
      return new ConfitureError(code, `reversal of ${token} by ${options.as} refused: ${why}`, {
        hint: `${hint ? `${hint} ` : ''}The attempt is recorded in confiture.token_access_log (entry ${sequence}).`,
      });
    };
    if (!decision.allowed) {
      throw await refuse(
        'ACCESS_DENIED',
        decision.refusal,
        decision.level === 'REVERSE_WITH_REASON'
          ? 'Give a reason (--reason "ticket ..."), at least 10 characters.'
          : 'Ask a data-protection officer for a grant (`confiture tokens grant`).',
      );
    }
    const rows = (await this.#tokenRows(token)).filter(
      (row) =>
        (!options.table || row.tableName === options.table) &&
        (!options.column || row.columnName === options.column),
    );
    const row = rows[0];
    if (!row) throw await refuse('NOT_FOUND', 'no such token in this database');
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
      throw await refuse('ACCESS_DENIED', `the token expired at ${row.expiresAt.toISOString()}`);
    }
    let original: string;
    try {
      const dataKey = await this.#dataKey(row.dataKeyId);
      original = openAesGcm(
        dataKey,
        { nonce: row.nonce, ciphertext: row.ciphertext },
        associatedData(row.token, row.tableName, row.columnName),
      ).toString('utf8');
    } catch (error) {
      if (error instanceof ConfitureError && error.code === 'INTEGRITY_FAILED') {
        throw await refuse(
          'INTEGRITY_FAILED',
          'the stored ciphertext failed authentication (tampered)',
        );
      }
      throw error;
    }
    const location = { table: row.tableName, column: row.columnName };
    const logSequence = await record('granted', null, location);
    return {
      token,
      original,
      ...location,
      locations: rows.map((r) => ({ table: r.tableName, column: r.columnName })),
      principal: options.as,
      accessLevel: decision.level,
      logSequence,
    };
  }

  /** Starts a new data key at the next store (e.g. after the master key was rotated). */
  rotateDataKey(): void {
    this.#current = undefined;
  }

  /**
   * Re-wraps every data key under the provider's current master key version, so that older master
   * versions can be retired. Tokens are untouched. Needs UPDATE on confiture.data_keys (an
   * administrator, not the syncing role).
   */
  async rewrapDataKeys(): Promise<{ rewrapped: number; version: string }> {
    const provider = this.#keyProvider();
    const version = await provider.currentKeyVersion();
    const repository = this.#dataSource.getRepository(DataKeyEntity);
    let rewrapped = 0;
    for (const row of await repository.find()) {
      if (row.masterKeyVersion === version && row.provider === provider.name) continue;
      const plaintext = await provider.decrypt(wrappedOf(row));
      try {
        const wrapped = await provider.encrypt(plaintext);
        await repository.update(
          { id: row.id },
          {
            masterKeyId: wrapped.keyId,
            masterKeyVersion: wrapped.keyVersion,
            wrappedKey: wrapped.ciphertext,
          },
        );
        rewrapped++;
      } finally {
        plaintext.fill(0);
      }
    }
    return { rewrapped, version };
  }

  /** Deletes tokens past their expiry; returns how many. Needs DELETE on confiture.tokens. */
  async purgeExpired(): Promise<number> {
    const result = await this.#dataSource
      .createQueryBuilder()
      .delete()
      .from(TokenEntity)
      .where('expires_at <= :now', { now: this.#now() })
      .execute();
    return result.affected ?? 0;
  }

  /** Verifies the signed token access log. */
  async verifyAccessLog(): Promise<ChainVerification> {
    return verifyLedger(
      this.#dataSource,
      TOKEN_ACCESS_LEDGER,
      auditKeyLedgerKeys(this.#auditKey()),
    );
  }

  /** Forgets every data key and releases the connection (the client itself stays open). */
  async close(): Promise<void> {
    this.#cache.clear();
    this.#current = undefined;
    await this.#dataSource.destroy();
  }

  async #tokenRows(token: string): Promise<TokenRow[]> {
    return this.#dataSource
      .getRepository(TokenEntity)
      .find({ where: { token }, order: { createdAt: 'ASC', tableName: 'ASC', columnName: 'ASC' } });
  }

  async #dataKeyForEncryption(
    count: number,
  ): Promise<{ id: string; version: string; key: Buffer }> {
    const current = this.#current;
    const cached = current ? this.#cache.get(current.id) : undefined;
    if (current && cached && current.uses + count <= MAX_ENCRYPTIONS_PER_DATA_KEY) {
      current.uses += count;
      return { id: current.id, version: current.version, key: cached };
    }
    const dataKey = await this.#keyProvider().generateDataKey();
    const id = randomUUID();
    try {
      await this.#dataSource.getRepository(DataKeyEntity).insert({
        id,
        provider: dataKey.wrapped.provider,
        masterKeyId: dataKey.wrapped.keyId,
        masterKeyVersion: dataKey.wrapped.keyVersion,
        wrappedKey: dataKey.wrapped.ciphertext,
        createdAt: this.#now(),
      });
      this.#cache.set(id, dataKey.plaintext);
    } finally {
      dataKey.plaintext.fill(0);
    }
    this.#current = { id, version: dataKey.wrapped.keyVersion, uses: count };
    return { id, version: dataKey.wrapped.keyVersion, key: this.#cache.get(id) as Buffer };
  }

  async #dataKey(id: string): Promise<Buffer> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await this.#dataSource.getRepository(DataKeyEntity).findOneBy({ id });
    if (!row) {
      throw new ConfitureError(
        'INTEGRITY_FAILED',
        `data key ${id} is missing from confiture.data_keys`,
      );
    }
    const plaintext = await this.#keyProvider().decrypt(wrappedOf(row));
    try {
      this.#cache.set(id, plaintext);
    } finally {
      plaintext.fill(0);
    }
    return this.#cache.get(id) as Buffer;
  }

  #accessEntry(
    entry: Pick<TokenAccessRow, 'event' | 'principal' | 'accessLevel' | 'outcome'> &
      Partial<Pick<TokenAccessRow, 'token' | 'tableName' | 'columnName' | 'reason' | 'detail'>>,
  ): Omit<TokenAccessRow, 'sequence' | 'recordedAt' | 'previousHash' | 'entryHash' | 'signature'> {
    return {
      token: null,
      tableName: null,
      columnName: null,
      reason: null,
      detail: null,
      ...entry,
      osUser: this.#actor.osUser,
      dbUser: this.#dbUser,
      host: this.#actor.host,
    };
  }

  #keyProvider(): KeyProvider {
    if (!this.#options.keyProvider) {
      throw new ConfitureError(
        'KEY_PROVIDER',
        'the token vault was opened without a key provider',
        {
          hint: 'Configure security.kms in the profile (or export CONFITURE_MASTER_KEY for the local provider).',
        },
      );
    }
    return this.#options.keyProvider;
  }

  #auditKey(): AuditKey {
    if (!this.#options.auditKey) {
      throw new ConfitureError(
        'ENV_VAR_MISSING',
        'environment variable CONFITURE_AUDIT_KEY is not set',
        {
          hint: 'Grants and reversals are signed into the token access log; export CONFITURE_AUDIT_KEY.',
        },
      );
    }
    return this.#options.auditKey;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}

/** Verifies every entry of `confiture.token_access_log` (grants and reversals) against `key`. */
export async function verifyTokenAccessChain(
  client: ClientBase,
  key: AuditKey,
): Promise<ChainVerification> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, (dataSource) =>
    verifyLedger(dataSource, TOKEN_ACCESS_LEDGER, auditKeyLedgerKeys(key)),
  );
}

/** The associated data of a token's ciphertext: moving it to another token or column breaks it. */
function associatedData(token: string, table: string, column: string): Buffer {
  return Buffer.from(canonicalJson({ v: 1, token, table, column }), 'utf8');
}

function wrappedOf(row: DataKeyRow): WrappedKey {
  return {
    provider: row.provider as KeyProviderName,
    keyId: row.masterKeyId,
    keyVersion: row.masterKeyVersion,
    ciphertext: row.wrappedKey,
  };
}
