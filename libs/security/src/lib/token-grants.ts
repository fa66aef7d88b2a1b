import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import type { AuditKey } from './audit-key';
import { GrantAuthority } from './grant-authority';
import {
  verifyLedger,
  type ChainVerification,
  type LedgerKeys,
  type LedgerSpec,
  type SigningLedgerKeys,
} from './ledger';
import { verifyWithPublicKey } from './principal-key';
import { GrantAuthorityEntity, TokenGrantEntity, type TokenGrantRow } from './security-entities';
import { requireSecuritySchema, withSecurityDataSource } from './security-store';

/** The grants ledger's chain definition. */
export const TOKEN_GRANTS_LEDGER: LedgerSpec<TokenGrantRow> = {
  name: 'token_grants',
  entity: TokenGrantEntity,
  fields: [
    'event',
    'principal',
    'accessLevel',
    'principalKey',
    'scope',
    'expiresAt',
    'grantedBy',
    'signer',
  ],
};

/**
 * The keys of the grants ledger: an entry (and the head naming it) is genuine when it is signed by
 * the authority it names and that authority is one of `trusted`. With `authority`, signs as it.
 */
export function grantLedgerKeys(trusted: ReadonlySet<string>): LedgerKeys<TokenGrantRow>;
export function grantLedgerKeys(
  trusted: ReadonlySet<string>,
  authority: GrantAuthority,
): SigningLedgerKeys<TokenGrantRow>;
export function grantLedgerKeys(
  trusted: ReadonlySet<string>,
  authority?: GrantAuthority,
): LedgerKeys<TokenGrantRow> {
  const genuine = (signer: string, text: string, signature: string) =>
    trusted.has(signer) && verifyWithPublicKey(signer, text, signature);
  return {
    description: 'the grant authority',
    verifyEntry: (row, text) => genuine(row.signer, text, row.signature),
    verifyHead: (entry, text, signature) =>
      entry !== undefined && genuine(entry.signer, text, signature),
    ...(authority ? { sign: (text: string) => authority.sign(text) } : {}),
  };
}

/** The grant ledger checked against `trusted` authorities, and its entries that verified. */
export async function readVerifiedGrants(
  dataSource: DataSource,
  trusted: ReadonlySet<string>,
): Promise<{ verification: ChainVerification; grants: TokenGrantRow[] }> {
  const grants: TokenGrantRow[] = [];
  const verification = await verifyLedger(
    dataSource,
    TOKEN_GRANTS_LEDGER,
    grantLedgerKeys(trusted),
    (row) => grants.push(row),
  );
  return { verification, grants };
}

/** A principal's grant: their latest entry (a revocation included), if any. */
export function latestGrant(
  grants: readonly TokenGrantRow[],
  principal: string,
): TokenGrantRow | undefined {
  let latest: TokenGrantRow | undefined;
  for (const grant of grants) {
    if (grant.principal === principal && (!latest || grant.sequence > latest.sequence)) {
      latest = grant;
    }
  }
  return latest;
}

/**
 * Verifies `confiture.token_grants` against the grant authority of `key`: every grant, change and
 * revocation signed by it, chained, and no other authority sealed in `confiture.grant_authorities`
 * (one there would make reversals honour grants this key never signed).
 */
export async function verifyTokenGrantChain(
  client: ClientBase,
  key: AuditKey,
): Promise<ChainVerification> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, (dataSource) => verifyGrantsWith(dataSource, key));
}

/** {@link verifyTokenGrantChain} on an open DataSource, with the verified grants. */
export async function verifyGrantsWith(
  dataSource: DataSource,
  key: AuditKey,
): Promise<ChainVerification & { grants: TokenGrantRow[] }> {
  const authority = GrantAuthority.fromAuditKey(key).publicKey.text;
  const { verification, grants } = await readVerifiedGrants(dataSource, new Set([authority]));
  if (!verification.ok) return { ...verification, grants };
  const sealed = await dataSource.getRepository(GrantAuthorityEntity).find();
  const foreign = sealed.find((row) => row.publicKey !== authority);
  if (foreign) {
    return {
      ...verification,
      ok: false,
      firstProblem: {
        sequence: 0,
        kind: 'inserted',
        message: `confiture.grant_authorities trusts ${foreign.publicKey}, which this audit key does not derive (its authority is ${authority}): reversals would honour grants it signs; someone holding the key provider sealed it`,
      },
      grants,
    };
  }
  return { ...verification, grants };
}

/** A grant, change or revocation as `confiture.token_grants` holds it; never a key. */
export interface TokenGrantRecord {
  sequence: number;
  recordedAt: string;
  event: 'grant' | 'revoke';
  principal: string;
  accessLevel: string;
  expiresAt?: string;
  /** Whether the grant covers only some tables or columns. */
  scoped: boolean;
}

/** The entries of `confiture.token_grants` that verify against `key`'s authority, in chain order. */
export async function listTokenGrants(
  client: ClientBase,
  key: AuditKey,
): Promise<{ verification: ChainVerification; grants: TokenGrantRecord[] }> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, async (dataSource) => {
    const { grants, ...verification } = await verifyGrantsWith(dataSource, key);
    return {
      verification,
      grants: grants.map((row) => ({
        sequence: row.sequence,
        recordedAt: row.recordedAt.toISOString(),
        event: row.event,
        principal: row.principal,
        accessLevel: row.accessLevel,
        ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
        scoped: row.scope !== null,
      })),
    };
  });
}
