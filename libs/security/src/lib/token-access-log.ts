import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import type { AuditKey } from './audit-key';
import {
  verifyLedger,
  type ChainVerification,
  type LedgerKeys,
  type LedgerSpec,
  type SigningLedgerKeys,
} from './ledger';
import { verifyWithPublicKey, type PrincipalCredential } from './principal-key';
import { TokenAccessEntity, type TokenAccessRow, type TokenGrantRow } from './security-entities';
import { requireSecuritySchema, withSecurityDataSource } from './security-store';
import { verifyGrantsWith } from './token-grants';

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
  // Entries written before grants were signed have neither; they are signed with the audit key.
  laterFields: ['signer', 'grantSequence'],
};

/**
 * The keys of the token access log: an entry is genuine when it is signed by the key of the
 * principal it names, as the (verified) grant it cites holds that key; older entries, which cite
 * no grant, by the audit key. Without the audit key those cannot be checked (a reverser's case).
 */
export function accessLogKeys(
  grants: ReadonlyMap<number, TokenGrantRow>,
  auditKey?: AuditKey,
): LedgerKeys<TokenAccessRow> {
  return {
    description: "its principal's key",
    verifyEntry(row, text) {
      if (row.signer === null || row.grantSequence === null) {
        return auditKey?.verify(text, row.signature) ?? false;
      }
      const grant = grants.get(row.grantSequence);
      return (
        grant !== undefined &&
        grant.event === 'grant' &&
        grant.principal === row.principal &&
        grant.principalKey === row.signer &&
        verifyWithPublicKey(row.signer, text, row.signature)
      );
    },
    verifyHead(entry, text, signature) {
      if (!entry) return false;
      if (entry.signer === null) return auditKey ? auditKey.verify(text, signature) : undefined;
      return verifyWithPublicKey(entry.signer, text, signature);
    },
  };
}

/** The keys a principal appends a reversal with: their own credential signs entry and head. */
export function principalLedgerKeys(
  credential: PrincipalCredential,
  grants: ReadonlyMap<number, TokenGrantRow>,
): SigningLedgerKeys<TokenAccessRow> {
  return { ...accessLogKeys(grants), sign: (text) => credential.sign(text) };
}

/**
 * Verifies `confiture.token_access_log` with `key`: first the grants ledger (see
 * `verifyTokenGrantChain`), then every reversal entry against the key its grant names, and older
 * entries against the audit key. A broken grants ledger is returned as the problem (entries under
 * the grants past the break could not be told from forged ones).
 */
export async function verifyTokenAccessChain(
  client: ClientBase,
  key: AuditKey,
): Promise<ChainVerification> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, (dataSource) => verifyAccessLogWith(dataSource, key));
}

/** {@link verifyTokenAccessChain} on an open DataSource. */
export async function verifyAccessLogWith(
  dataSource: DataSource,
  key: AuditKey,
): Promise<ChainVerification> {
  const { grants, ...grantChain } = await verifyGrantsWith(dataSource, key);
  const verified = new Map(grants.map((grant) => [grant.sequence, grant]));
  const result = await verifyLedger(dataSource, TOKEN_ACCESS_LEDGER, accessLogKeys(verified, key));
  // Reversals under grants past a break would look forged: say what is broken instead.
  if (!grantChain.ok) {
    return {
      ...result,
      ok: false,
      firstProblem: {
        sequence: 0,
        kind: grantChain.firstProblem?.kind ?? 'inserted',
        message: `its entries cannot be checked, the grants they rely on are not intact: ${grantChain.firstProblem?.message ?? 'confiture.token_grants is broken'}`,
      },
    };
  }
  return result;
}
/** One grant or reversal attempt as the token access log holds it; never an original value. */
export interface TokenAccessRecord {
  sequence: number;
  recordedAt: string;
  event: 'grant' | 'reverse' | string;
  principal: string;
  accessLevel: string;
  outcome: 'granted' | 'refused' | string;
  table?: string;
  column?: string;
  /** Whether the attempt gave a reason (the reason's text is not returned: it may quote a ticket). */
  hasReason: boolean;
  osUser: string;
  host: string;
}

/** Every entry of `confiture.token_access_log`, in chain order. Reading needs no key. */
export async function listTokenAccessLog(client: ClientBase): Promise<TokenAccessRecord[]> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, async (dataSource) => {
    const rows = await dataSource
      .getRepository(TokenAccessEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.sequence', 'ASC')
      .getMany();
    return rows.map((row) => ({
      sequence: row.sequence,
      recordedAt: row.recordedAt.toISOString(),
      event: row.event,
      principal: row.principal,
      accessLevel: row.accessLevel,
      outcome: row.outcome,
      ...(row.tableName ? { table: row.tableName } : {}),
      ...(row.columnName ? { column: row.columnName } : {}),
      hasReason: (row.reason ?? '').trim().length > 0,
      osUser: row.osUser,
      host: row.host,
    }));
  });
}
