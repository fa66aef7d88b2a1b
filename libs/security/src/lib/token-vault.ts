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
import { GrantAuthority } from './grant-authority';
import type { KeyProvider, KeyProviderName, WrappedKey } from './key-provider';
import { appendToLedger, type ChainVerification } from './ledger';
import { PublicKey, type PrincipalCredential } from './principal-key';
import {
  DataKeyEntity,
  GrantAuthorityEntity,
  TokenAccessRefusalEntity,
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
} from './security-store';
import { principalLedgerKeys, TOKEN_ACCESS_LEDGER, verifyAccessLogWith } from './token-access-log';
import {
  grantLedgerKeys,
  latestGrant,
  readVerifiedGrants,
  TOKEN_GRANTS_LEDGER,
} from './token-grants';
import { describeScope, inScope, scopeItemSchema, type ScopeItem } from './token-scope';

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
  /** Wraps and unwraps data keys; needed to store, describe and reverse tokens, not to grant. */
  keyProvider?: KeyProvider;
  /**
   * The audit key: the grant authority derived from it signs grants ({@link TokenVault.grant});
   * with a key provider too, {@link TokenVault.storeTokens} seals that authority for reversers.
   * Reversing never needs it.
   */
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
  /** Every table and column the token occurs in within the grant's scope (the same original). */
  locations: { table: string; column: string }[];
  principal: string;
  accessLevel: AccessLevel;
  /** The `confiture.token_grants` entry the principal acted under. */
  grantSequence: number;
  /** The token access log entry, signed by the principal, that records it. */
  logSequence: number;
}

/** Who asks for a reversal or a lookup, and the proof of it. */
export interface PrincipalRequest {
  /** The principal named in the grant. */
  as: string;
  /** Their private key: its public half must be the one their grant names. */
  credential: PrincipalCredential;
}

/** Options of {@link TokenVault.reverse}. */
export interface ReverseOptions extends PrincipalRequest {
  /** Why (recorded; required by REVERSE_WITH_REASON). */
  reason?: string;
  /** Only the occurrence in this table (`schema.table`) / column. */
  table?: string;
  column?: string;
}

/** Options of {@link TokenVault.grant}. */
export interface GrantOptions {
  /**
   * The principal's Ed25519 public key (`ed25519:…` or PEM); required unless the level is NONE,
   * which revokes.
   */
  publicKey?: string;
  /** When the grant stops working; must lie in the future. */
  expiresAt?: Date;
  /** Tables and columns whose tokens it covers; default every token. */
  scope?: readonly ScopeItem[];
}

/** A grant (or revocation) as signed into `confiture.token_grants`. */
export interface GrantRecord {
  principal: string;
  level: AccessLevel;
  /** `grant`, or `revoke` for NONE. */
  event: 'grant' | 'revoke';
  principalKey?: string;
  scope?: ScopeItem[];
  expiresAt?: string;
  grantedBy: string;
  grantedAt: string;
  /** Its entry in `confiture.token_grants`. */
  grantSequence: number;
}

const INSERT_CHUNK = 1000;
/** Random 96-bit nonces stay safe far beyond this many encryptions under one key (NIST SP 800-38D). */
const MAX_ENCRYPTIONS_PER_DATA_KEY = 2 ** 30;

/**
 * The token store, in the target's `confiture` schema. Originals are encrypted with AES-256-GCM
 * under data keys (fresh 96-bit nonce each; associated data binds the token, table and column);
 * data keys are wrapped by the key provider and kept in memory only briefly.
 *
 * Access is granted per principal in the signed, chained `confiture.token_grants` ledger: each
 * grant names the principal's Ed25519 public key, an access level, a scope and an expiry, and is
 * signed by the grant authority (derived from the audit key). A reversal presents the principal's
 * private key; it must be the key of their latest grant, and the whole grants ledger must verify
 * with an authority sealed in this vault, before anything is decrypted. Every attempt is recorded
 * before any original is returned: signed by the principal into `confiture.token_access_log` once
 * their grant authenticated them, else (unsigned) into `confiture.token_access_refusals`.
 */
export class TokenVault {
  readonly #dataSource: DataSource;
  readonly #options: TokenVaultOptions;
  readonly #cache: DataKeyCache;
  readonly #actor: Actor;
  readonly #dbUser: string;
  #current?: { id: string; version: string; uses: number };
  #authoritySealed = false;

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
    // Whoever stores tokens holds the key provider; with the audit key too (a sync), it vouches
    // for the grant authority, so that reversers can check grants without the audit key.
    if (entries.length > 0 && this.#options.auditKey && !this.#authoritySealed) {
      await this.sealGrantAuthority();
    }
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

  /**
   * Seals the grant authority of the audit key in `confiture.grant_authorities` (AES-256-GCM
   * under a data key: only a holder of the key provider can add one, and a reverser trusts the
   * grants signed by those it can open). Needs both the audit key and the key provider;
   * idempotent. Returns the authority's public key.
   */
  async sealGrantAuthority(): Promise<string> {
    const authority = GrantAuthority.fromAuditKey(this.#auditKey()).publicKey.text;
    try {
      const repository = this.#dataSource.getRepository(GrantAuthorityEntity);
      if (!(await repository.findOneBy({ publicKey: authority }))) {
        const dataKey = await this.#dataKeyForEncryption(1);
        const box = sealAesGcm(
          dataKey.key,
          Buffer.from(authority, 'utf8'),
          authorityData(authority),
        );
        await this.#dataSource
          .createQueryBuilder()
          .insert()
          .into(GrantAuthorityEntity)
          .values({
            publicKey: authority,
            dataKeyId: dataKey.id,
            nonce: box.nonce,
            ciphertext: box.ciphertext,
            createdAt: this.#now(),
          })
          .orIgnore()
          .execute();
      }
    } catch (error) {
      throw databaseError(error);
    }
    this.#authoritySealed = true;
    return authority;
  }

  /**
   * Grants `level` to `principal`, replacing their earlier grant, as an entry of the signed
   * `confiture.token_grants` ledger; NONE revokes. Needs the audit key (the grant authority signs),
   * not the key provider. Refuses (INPUT_INVALID) an expiry that is not in the future, a grant
   * without the principal's public key, a malformed key or scope.
   */
  async grant(
    principal: string,
    level: AccessLevel,
    options: GrantOptions = {},
  ): Promise<GrantRecord> {
    const control = [...principal].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    if (!principal.trim() || control) {
      throw new ConfitureError(
        'INPUT_INVALID',
        'a principal is a non-empty name without control characters',
      );
    }
    if (!isAccessLevel(level)) {
      throw new ConfitureError('INPUT_INVALID', `unknown access level ${String(level)}`);
    }
    const now = this.#now();
    const revoke = level === 'NONE';
    if (options.expiresAt && !(options.expiresAt.getTime() > now.getTime())) {
      throw new ConfitureError(
        'INPUT_INVALID',
        `the expiry ${Number.isNaN(options.expiresAt.getTime()) ? 'given' : options.expiresAt.toISOString()} is not in the future: a grant must end after it is given`,
        { hint: 'Give a later --expires, or --expires-in <n>h|d|w.' },
      );
    }
    if (revoke && (options.publicKey || options.scope || options.expiresAt)) {
      throw new ConfitureError(
        'INPUT_INVALID',
        'NONE revokes the grant: it takes no public key, scope or expiry',
      );
    }
    if (!revoke && !options.publicKey) {
      throw new ConfitureError(
        'INPUT_INVALID',
        `a grant of ${level} names the principal's public key, so that only its holder can use it`,
        {
          hint: 'The principal runs `confiture tokens keygen <file>` and gives you the key it prints (--public-key).',
        },
      );
    }
    const principalKey = options.publicKey
      ? PublicKey.parse(options.publicKey, 'the public key').text
      : null;
    const scope = options.scope ? options.scope.map((item) => scopeItemSchema.parse(item)) : null;
    if (scope && scope.length === 0) {
      throw new ConfitureError('INPUT_INVALID', 'an empty scope would cover no token', {
        hint: 'Leave the scope out for every token, or name tables or columns.',
      });
    }
    const authority = GrantAuthority.fromAuditKey(this.#auditKey());
    const grantedBy = `${this.#actor.osUser}@${this.#actor.host} (database role ${this.#dbUser})`;
    try {
      const [entry] = await appendToLedger(
        this.#dataSource,
        TOKEN_GRANTS_LEDGER,
        grantLedgerKeys(new Set([authority.publicKey.text]), authority),
        [
          {
            event: revoke ? 'revoke' : 'grant',
            principal,
            accessLevel: level,
            principalKey,
            scope,
            expiresAt: options.expiresAt ?? null,
            grantedBy,
            signer: authority.publicKey.text,
          },
        ],
      );
      return {
        principal,
        level,
        event: revoke ? 'revoke' : 'grant',
        ...(principalKey ? { principalKey } : {}),
        ...(scope ? { scope } : {}),
        ...(options.expiresAt ? { expiresAt: options.expiresAt.toISOString() } : {}),
        grantedBy,
        grantedAt: (entry?.recordedAt ?? now).toISOString(),
        grantSequence: entry?.sequence ?? 0,
      };
    } catch (error) {
      throw databaseError(error);
    }
  }

  /** Where a token occurs within the principal's scope; needs READ_ONLY or above. Never an original. */
  async describe(token: string, request: PrincipalRequest): Promise<TokenMetadata[]> {
    const grant = await this.#authenticate(token, request, {});
    if (!canDescribe(asGrant(grant), this.#now())) {
      throw new ConfitureError('ACCESS_DENIED', `${request.as} may not look up tokens`, {
        hint: 'Ask for READ_ONLY (or a higher level) with `confiture tokens grant`.',
      });
    }
    return (await this.#tokenRows(token))
      .filter((row) => inScope(grant.scope, { table: row.tableName, column: row.columnName }))
      .map((row) => ({
        token: row.token,
        table: row.tableName,
        column: row.columnName,
        keyVersion: row.keyVersion,
        createdAt: row.createdAt.toISOString(),
        ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
      }));
  }

  /**
   * Returns a token's original if the principal proves who they are and their grant allows it (see
   * `decideReversal`; the token must lie in the grant's scope). The credential is checked against
   * the principal's grant before anything is decrypted, then the grants ledger against the sealed
   * authorities. Every attempt is recorded first (see the class). A refusal is ACCESS_DENIED, a
   * broken grants ledger or a tampered ciphertext INTEGRITY_FAILED, an unknown token NOT_FOUND.
   */
  async reverse(token: string, options: ReverseOptions): Promise<Reversal> {
    const now = this.#now();
    const reason = options.reason?.trim() || undefined;
    const attempt = {
      ...(reason ? { reason } : {}),
      ...(options.table ? { table: options.table } : {}),
      ...(options.column ? { column: options.column } : {}),
    };
    const { grant, grants } = await this.#authenticateWithGrants(token, options, attempt);
    const decision = decideReversal({ grant: asGrant(grant), ...(reason ? { reason } : {}), now });
    const keys = principalLedgerKeys(options.credential, grants);
    const record = async (
      outcome: 'granted' | 'refused',
      detail: string | null,
      location?: { table: string; column: string },
    ) => {
      const [entry] = await appendToLedger(this.#dataSource, TOKEN_ACCESS_LEDGER, keys, [
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
          signer: options.credential.publicKey.text,
          grantSequence: grant.sequence,
        }),
      ]).catch((error: unknown) => {
        throw databaseError(error);
      });
      return entry?.sequence ?? 0;
    };
    const refuse = async (
      code: 'ACCESS_DENIED' | 'NOT_FOUND' | 'INTEGRITY_FAILED',
      why: string,
      hint?: string,
    ) => {
      const sequence = await record('refused', why);
      return new ConfitureError(code, `reversal of ${token} by ${options.as} refused: ${why}`, {
        hint: `${hint ? `${hint} ` : ''}The attempt is signed into confiture.token_access_log (entry ${sequence}).`,
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
    const occurrences = (await this.#tokenRows(token)).filter(
      (row) =>
        (!options.table || row.tableName === options.table) &&
        (!options.column || row.columnName === options.column),
    );
    const rows = occurrences.filter((row) =>
      inScope(grant.scope, { table: row.tableName, column: row.columnName }),
    );
    const row = rows[0];
    if (!row && occurrences.length > 0) {
      throw await refuse(
        'ACCESS_DENIED',
        `the token lies outside the grant's scope (${describeScope(grant.scope)})`,
        'Ask for a grant that covers its table or column.',
      );
    }
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
      grantSequence: grant.sequence,
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

  /** Verifies the grants and the token access log with the audit key (see `verifyTokenAccessChain`). */
  async verifyAccessLog(): Promise<ChainVerification> {
    return verifyAccessLogWith(this.#dataSource, this.#auditKey());
  }

  /** Forgets every data key and releases the connection (the client itself stays open). */
  async close(): Promise<void> {
    this.#cache.clear();
    this.#current = undefined;
    await this.#dataSource.destroy();
  }

  /**
   * The principal's grant, once proven: their latest grants-ledger entry must be a grant (not a
   * revocation) naming the public half of `credential`, checked before any key is unwrapped; then
   * the whole ledger must verify with a grant authority sealed in this vault. A failure is
   * recorded in `confiture.token_access_refusals` and thrown.
   */
  async #authenticateWithGrants(
    token: string,
    request: PrincipalRequest,
    attempt: { reason?: string; table?: string; column?: string },
  ): Promise<{ grant: TokenGrantRow; grants: Map<number, TokenGrantRow> }> {
    const refuse = async (
      code: 'ACCESS_DENIED' | 'INTEGRITY_FAILED',
      why: string,
      hint: string,
    ): Promise<ConfitureError> => {
      await this.#recordRefusal(token, request.as, attempt, why);
      return new ConfitureError(code, `reversal of ${token} by ${request.as} refused: ${why}`, {
        hint: `${hint} The attempt is recorded in confiture.token_access_refusals.`,
      });
    };
    const proven = (grant: TokenGrantRow | undefined) =>
      grant?.event === 'grant' && grant.principalKey === request.credential.publicKey.text;
    const askForGrant = 'Ask a data-protection officer for a grant (`confiture tokens grant`).';
    // 1. Who is asking, before anything is trusted or decrypted.
    const stored = await this.#dataSource
      .getRepository(TokenGrantEntity)
      .findOne({ where: { principal: request.as }, order: { sequence: 'DESC' } })
      .catch((error: unknown) => {
        throw databaseError(error);
      });
    if (!stored) throw await refuse('ACCESS_DENIED', 'no grant', askForGrant);
    if (stored.event === 'revoke') {
      throw await refuse(
        'ACCESS_DENIED',
        `the grant was revoked (confiture.token_grants entry ${stored.sequence})`,
        askForGrant,
      );
    }
    if (!proven(stored)) {
      throw await refuse(
        'ACCESS_DENIED',
        `the credential presented is not the key that ${request.as}'s grant names (confiture.token_grants entry ${stored.sequence})`,
        `Present ${request.as}'s own key (--key-file, CONFITURE_PRINCIPAL_KEY_FILE or CONFITURE_PRINCIPAL_KEY).`,
      );
    }
    // 2. Is the grant genuine? The whole ledger must verify with an authority sealed here.
    const trusted = await this.#trustedAuthorities();
    if (trusted.size === 0) {
      throw await refuse(
        'ACCESS_DENIED',
        'no grant authority is sealed in this vault, so no grant can be checked',
        'A sync that tokenizes (it holds the audit key and the key provider) seals it; or call TokenVault.sealGrantAuthority with both.',
      );
    }
    const { verification, grants } = await readVerifiedGrants(this.#dataSource, trusted).catch(
      (error: unknown) => {
        throw databaseError(error);
      },
    );
    if (!verification.ok) {
      const problem = verification.firstProblem;
      throw await refuse(
        'INTEGRITY_FAILED',
        `confiture.token_grants is not intact: entry ${problem?.sequence} ${problem?.kind}: ${problem?.message}`,
        'No reversal is possible until it is investigated: run `confiture audit verify`.',
      );
    }
    const grant = latestGrant(grants, request.as);
    if (!grant || !proven(grant)) {
      throw await refuse(
        'ACCESS_DENIED',
        `the grant of ${request.as} changed while it was checked`,
        'Try again.',
      );
    }
    return { grant, grants: new Map(grants.map((g) => [g.sequence, g])) };
  }

  async #authenticate(
    token: string,
    request: PrincipalRequest,
    attempt: { reason?: string; table?: string; column?: string },
  ): Promise<TokenGrantRow> {
    return (await this.#authenticateWithGrants(token, request, attempt)).grant;
  }

  /** The grant authorities sealed here that this key provider opens; a forged seal is tampering. */
  async #trustedAuthorities(): Promise<Set<string>> {
    const trusted = new Set<string>();
    const rows = await this.#dataSource
      .getRepository(GrantAuthorityEntity)
      .find()
      .catch((error: unknown) => {
        throw databaseError(error);
      });
    for (const row of rows) {
      let opened: string;
      try {
        const dataKey = await this.#dataKey(row.dataKeyId);
        opened = openAesGcm(
          dataKey,
          { nonce: row.nonce, ciphertext: row.ciphertext },
          authorityData(row.publicKey),
        ).toString('utf8');
      } catch (error) {
        if (!(error instanceof ConfitureError) || error.code !== 'INTEGRITY_FAILED') throw error;
        opened = '';
      }
      if (opened !== row.publicKey) {
        throw new ConfitureError(
          'INTEGRITY_FAILED',
          `the grant authority ${row.publicKey} in confiture.grant_authorities is not sealed by this key provider: it was forged`,
          {
            hint: 'No reversal is possible until it is investigated: run `confiture audit verify`.',
          },
        );
      }
      trusted.add(row.publicKey);
    }
    return trusted;
  }

  /** Records a refusal that no grant authenticated (unsigned: nobody's key proves who asked). */
  async #recordRefusal(
    token: string,
    principal: string,
    attempt: { reason?: string; table?: string; column?: string },
    detail: string,
  ): Promise<void> {
    await this.#dataSource
      .getRepository(TokenAccessRefusalEntity)
      .insert({
        id: randomUUID(),
        recordedAt: this.#now(),
        principal,
        token,
        tableName: attempt.table ?? null,
        columnName: attempt.column ?? null,
        reason: attempt.reason ?? null,
        detail,
        osUser: this.#actor.osUser,
        dbUser: this.#dbUser,
        host: this.#actor.host,
      })
      .catch((error: unknown) => {
        throw databaseError(error);
      });
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
    entry: Pick<
      TokenAccessRow,
      'event' | 'principal' | 'accessLevel' | 'outcome' | 'signer' | 'grantSequence'
    > &
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
          hint: 'Grants are signed by the grant authority derived from the audit key; export CONFITURE_AUDIT_KEY.',
        },
      );
    }
    return this.#options.auditKey;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}

/** A grants-ledger entry as the pure access rules see it. */
function asGrant(row: TokenGrantRow): Grant {
  return {
    principal: row.principal,
    level: isAccessLevel(row.accessLevel) && row.event === 'grant' ? row.accessLevel : 'NONE',
    ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
  };
}

/** The associated data of a sealed grant authority: it binds the seal to that one key. */
function authorityData(publicKey: string): Buffer {
  return Buffer.from(canonicalJson({ v: 1, purpose: 'grant-authority', publicKey }), 'utf8');
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
