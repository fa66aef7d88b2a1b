import { createHash } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import type { DataSource, EntityManager, EntitySchema } from 'typeorm';
import type { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import {
  LedgerHeadEntity,
  SECURITY_SCHEMA,
  type ChainColumns,
  type LedgerHeadRow,
} from './security-entities';
import { ADVANCE_HEAD_FUNCTION, GENESIS_HASH, type LedgerName } from './security-migrations';

/** An append-only, signed, hash-chained table and the fields of its entries that are signed. */
export interface LedgerSpec<Row extends ChainColumns> {
  name: LedgerName;
  entity: EntitySchema<Row>;
  /** Every property of an entry besides the chain columns, all of them signed. */
  fields: readonly Exclude<keyof Row & string, keyof ChainColumns>[];
  /**
   * Properties added by a later version of the ledger: signed when set, left out of the signed
   * text when NULL, so that entries written before they existed still verify (and setting or
   * clearing one on an entry changes its hash).
   */
  laterFields?: readonly Exclude<keyof Row & string, keyof ChainColumns>[];
}

/**
 * The keys a ledger is signed and checked with: the audit key's HMAC for the audit log and the
 * lineage, the grant authority for grants, each principal's own key for reversals.
 */
export interface LedgerKeys<Row extends ChainColumns> {
  /** What signs the entries, for messages: `the audit key`, `the grant authority`. */
  readonly description: string;
  /** Whether `row.signature` is a valid signature of `text` (the entry's signed text). */
  verifyEntry(row: Row, text: string): boolean;
  /**
   * Whether `signature` is a valid signature of the head's `text`, given the entry the head names
   * (undefined on an empty ledger); `undefined` when these keys cannot tell (a reverser, who does
   * not hold the audit key, extending a log whose last entry was signed with it).
   */
  verifyHead(entry: Row | undefined, text: string, signature: string): boolean | undefined;
}

/** {@link LedgerKeys} that can also sign new entries and the head that names them. */
export interface SigningLedgerKeys<Row extends ChainColumns> extends LedgerKeys<Row> {
  sign(text: string): string;
}

/** The audit key as the keys of a ledger: HMAC-SHA256 of entries and heads. */
export function auditKeyLedgerKeys<Row extends ChainColumns>(
  key: AuditKey,
): SigningLedgerKeys<Row> {
  return {
    description: 'the audit key',
    sign: (text) => key.sign(text),
    verifyEntry: (row, text) => key.verify(text, row.signature),
    verifyHead: (_entry, text, signature) => key.verify(text, signature),
  };
}

/** What a caller appends: a row without its chain columns. */
export type LedgerEntry<Row extends ChainColumns> = Omit<Row, keyof ChainColumns>;

/** How a chain was found broken. */
export type ChainProblemKind = 'altered' | 'inserted' | 'deleted' | 'bad-signature';

/** The first place where a ledger stops being the one its signer wrote. */
export interface ChainProblem {
  /** The sequence number of the altered, inserted or missing entry. */
  sequence: number;
  kind: ChainProblemKind;
  message: string;
}

/** The signed end of a chain. */
export interface ChainHead {
  sequence: number;
  entryHash: string;
}

/** The result of checking every entry of a ledger, in order. */
export interface ChainVerification {
  ledger: LedgerName;
  ok: boolean;
  /** Entries read (all of them when ok). */
  entries: number;
  /** The head recorded beside the ledger. */
  head: ChainHead;
  firstProblem?: ChainProblem;
}

const PAGE_SIZE = 1000;
const INSERT_CHUNK = 500;

/** The exact text an entry's hash and signature are computed over. */
export function signedText<Row extends ChainColumns>(spec: LedgerSpec<Row>, row: Row): string {
  const entry: Record<string, unknown> = Object.fromEntries(
    spec.fields.map((field) => [field, row[field] ?? null]),
  );
  for (const field of spec.laterFields ?? []) {
    if (row[field] !== null && row[field] !== undefined) entry[field] = row[field];
  }
  return canonicalJson({
    ledger: spec.name,
    sequence: row.sequence,
    recordedAt: row.recordedAt,
    previousHash: row.previousHash,
    entry,
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The exact text a ledger head's signature is computed over. */
export function headText(ledger: LedgerName, head: ChainHead): string {
  return canonicalJson({ ledger, head: { sequence: head.sequence, entryHash: head.entryHash } });
}

/**
 * Appends entries to a ledger in one transaction: each gets the next sequence number, the hash of
 * the entry before it, its own hash and an HMAC-SHA256 signature, and the ledger head moves to the
 * last one through `confiture.advance_ledger_head` (inside `target`'s transaction when it is one).
 * Appenders of one ledger queue on an advisory lock. Refuses (INTEGRITY_FAILED) to
 * extend a chain whose head this key did not sign, or whose last entry is not the head.
 */
export async function appendToLedger<Row extends ChainColumns>(
  target: DataSource | EntityManager,
  spec: LedgerSpec<Row>,
  keys: SigningLedgerKeys<Row>,
  entries: readonly LedgerEntry<Row>[],
): Promise<Row[]> {
  if (entries.length === 0) return [];
  const entityManager: EntityManager = 'manager' in target ? target.manager : target;
  return entityManager.transaction(async (manager) => {
    const head = await lockHead(manager, spec.name);
    await assertHeadIsLast(manager, spec, keys, head);
    const recordedAt = new Date();
    let previous: ChainHead = { sequence: head.sequence, entryHash: head.entryHash };
    const rows = entries.map((entry) => {
      const row = {
        ...entry,
        sequence: previous.sequence + 1,
        recordedAt,
        previousHash: previous.entryHash,
      } as Row;
      const text = signedText(spec, row);
      row.entryHash = sha256(text);
      row.signature = keys.sign(text);
      previous = { sequence: row.sequence, entryHash: row.entryHash };
      return row;
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      // insert() takes TypeORM's deep-partial type, which generic rows do not satisfy.
      await manager.insert(spec.entity, rows.slice(i, i + INSERT_CHUNK) as never);
    }
    // The only way a head moves: over entries that exist and continue the chain (see the migration).
    await manager.query(
      `SELECT ${SECURITY_SCHEMA}.${ADVANCE_HEAD_FUNCTION}($1, $2, $3, $4, $5, $6)`,
      [
        spec.name,
        head.sequence,
        head.entryHash,
        previous.sequence,
        previous.entryHash,
        keys.sign(headText(spec.name, previous)),
      ],
    );
    return rows;
  });
}

/**
 * Queues appenders of one ledger (a transaction-scoped advisory lock: no privilege needed) and
 * reads its head. The head function checks the head again when it moves it.
 */
async function lockHead(manager: EntityManager, ledger: LedgerName): Promise<LedgerHeadRow> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('confiture.ledger'), hashtext($1))`, [
    ledger,
  ]);
  const head = await manager.getRepository(LedgerHeadEntity).findOneBy({ ledger });
  if (!head) {
    throw new ConfitureError('INTEGRITY_FAILED', `the head of confiture.${ledger} is missing`, {
      hint: `Someone deleted it; run \`${verifyCommandOf(ledger)}\` and investigate before writing again.`,
    });
  }
  return head;
}

async function assertHeadIsLast<Row extends ChainColumns>(
  manager: EntityManager,
  spec: LedgerSpec<Row>,
  keys: LedgerKeys<Row>,
  head: LedgerHeadRow,
): Promise<void> {
  const verifyCommand = verifyCommandOf(spec.name);
  const last = await manager
    .getRepository(spec.entity)
    .createQueryBuilder('entry')
    .orderBy('entry.sequence', 'DESC')
    .limit(1)
    .getOne();
  const lastSequence = last?.sequence ?? 0;
  const lastHash = last?.entryHash ?? GENESIS_HASH;
  if (lastSequence !== head.sequence || lastHash !== head.entryHash) {
    throw new ConfitureError(
      'INTEGRITY_FAILED',
      `confiture.${spec.name} ends at entry ${lastSequence} but its signed head is entry ${head.sequence}: refusing to extend the chain`,
      { hint: `Run \`${verifyCommand}\` and investigate: entries were deleted or inserted.` },
    );
  }
  if (
    head.sequence > 0 &&
    keys.verifyHead(last ?? undefined, headText(spec.name, head), head.signature ?? '') === false
  ) {
    throw new ConfitureError(
      'INTEGRITY_FAILED',
      `the head of confiture.${spec.name} is not signed with ${keys.description === 'the audit key' ? 'this audit key' : keys.description}: refusing to extend the chain`,
      {
        hint:
          keys.description === 'the audit key'
            ? `Use the CONFITURE_AUDIT_KEY that signed the earlier entries, or run \`${verifyCommand}\`: the head may have been altered.`
            : `Run \`${verifyCommand}\`: the head may have been altered.`,
      },
    );
  }
}

function verifyCommandOf(ledger: LedgerName): string {
  return ledger === 'lineage' ? 'confiture lineage verify' : 'confiture audit verify';
}

/**
 * Checks a whole ledger in sequence order inside one snapshot: every entry's hash matches its
 * content, its signature verifies with `keys`, it links to the entry before it, no sequence number
 * is missing, no entry lies beyond the signed head, and the last entry is the signed head. Stops at
 * the first problem. An entry that is not validly signed is reported as inserted, also where it
 * follows a gap in the numbering or lies beyond the head; a gap before a genuine entry is deleted
 * entries.
 */
export async function verifyLedger<Row extends ChainColumns>(
  dataSource: DataSource,
  spec: LedgerSpec<Row>,
  keys: LedgerKeys<Row>,
  /** Called with each entry that verified, in order (the grants a reversal may rely on). */
  onVerified?: (row: Row) => void,
): Promise<ChainVerification> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const headRow = await manager.getRepository(LedgerHeadEntity).findOneBy({ ledger: spec.name });
    const head: ChainHead = {
      sequence: headRow?.sequence ?? 0,
      entryHash: headRow?.entryHash ?? GENESIS_HASH,
    };
    const repository = manager.getRepository(spec.entity);
    const headEntry =
      head.sequence > 0
        ? ((await repository.findOneBy({ sequence: head.sequence } as never)) ?? undefined)
        : undefined;
    // A head that verifies proves the keys are the right ones: any entry that does not verify
    // then was inserted, even the first.
    const headVerified =
      headRow !== null &&
      head.sequence > 0 &&
      keys.verifyHead(headEntry, headText(spec.name, head), headRow.signature ?? '') === true;
    let entries = 0;
    let anyValid = headVerified;
    let previous: ChainHead = { sequence: 0, entryHash: GENESIS_HASH };
    const fail = (problem: ChainProblem): ChainVerification => ({
      ledger: spec.name,
      ok: false,
      entries,
      head,
      firstProblem: problem,
    });
    for (;;) {
      const page = await repository
        .createQueryBuilder('entry')
        .where('entry.sequence > :after', { after: previous.sequence })
        .orderBy('entry.sequence', 'ASC')
        .limit(PAGE_SIZE)
        .getMany();
      for (const row of page) {
        entries++;
        const problem = checkEntry(spec, keys, row, previous, anyValid, headRow ? head : undefined);
        if (problem) return fail(problem);
        onVerified?.(row);
        anyValid = true;
        previous = { sequence: row.sequence, entryHash: row.entryHash };
      }
      if (page.length < PAGE_SIZE) break;
    }
    const problem = checkHead(spec.name, keys, headRow, headEntry, previous, anyValid);
    if (problem) return fail(problem);
    return { ledger: spec.name, ok: true, entries, head };
  });
}

function checkEntry<Row extends ChainColumns>(
  spec: LedgerSpec<Row>,
  keys: LedgerKeys<Row>,
  row: Row,
  previous: ChainHead,
  anyValid: boolean,
  head: ChainHead | undefined,
): ChainProblem | undefined {
  const expected = previous.sequence + 1;
  if (row.sequence < expected || !Number.isInteger(row.sequence)) {
    return {
      sequence: row.sequence,
      kind: 'inserted',
      message: `entry ${row.sequence} is out of sequence: inserted into confiture.${spec.name}`,
    };
  }
  const text = signedText(spec, row);
  const intact = sha256(text) === row.entryHash;
  const signed = intact && keys.verifyEntry(row, text);
  if (head && row.sequence > head.sequence && !signed) {
    return {
      sequence: row.sequence,
      kind: 'inserted',
      message: `entry ${row.sequence} of confiture.${spec.name} lies beyond its signed head (entry ${head.sequence}) and is not signed with ${keys.description}: it was inserted`,
    };
  }
  if (row.sequence > expected) {
    if (!signed) {
      return {
        sequence: row.sequence,
        kind: 'inserted',
        message: `entry ${row.sequence} of confiture.${spec.name} follows a gap after entry ${previous.sequence} and is not signed with ${keys.description}: it was inserted`,
      };
    }
    const missing =
      row.sequence - expected > 1
        ? `entries ${expected} to ${row.sequence - 1} are`
        : `entry ${expected} is`;
    return {
      sequence: expected,
      kind: 'deleted',
      message: `${missing} missing: deleted from confiture.${spec.name} (entry ${row.sequence} follows entry ${previous.sequence})`,
    };
  }
  if (!intact) {
    return {
      sequence: row.sequence,
      kind: 'altered',
      message: `entry ${row.sequence} of confiture.${spec.name} was altered: its content no longer matches the hash it was signed with`,
    };
  }
  if (!signed) {
    return anyValid
      ? {
          sequence: row.sequence,
          kind: 'inserted',
          message: `entry ${row.sequence} of confiture.${spec.name} is not signed with ${keys.description}: it was inserted (or rewritten) by someone without the key`,
        }
      : {
          sequence: row.sequence,
          kind: 'bad-signature',
          message: `entry ${row.sequence} of confiture.${spec.name} does not verify with ${keys.description}: the key is not the one that signed the log, or the log was forged from its first entry`,
        };
  }
  if (row.previousHash !== previous.entryHash) {
    return {
      sequence: row.sequence,
      kind: 'inserted',
      message: `entry ${row.sequence} of confiture.${spec.name} does not follow entry ${previous.sequence}: the chain link is broken (an entry was replaced or copied from another log)`,
    };
  }
  return undefined;
}

function checkHead<Row extends ChainColumns>(
  ledger: LedgerName,
  keys: LedgerKeys<Row>,
  headRow: LedgerHeadRow | null,
  headEntry: Row | undefined,
  last: ChainHead,
  anyValid: boolean,
): ChainProblem | undefined {
  if (!headRow) {
    return {
      sequence: last.sequence + 1,
      kind: 'deleted',
      message: `the signed head of confiture.${ledger} was deleted`,
    };
  }
  if (
    headRow.sequence > 0 &&
    keys.verifyHead(headEntry, headText(ledger, headRow), headRow.signature ?? '') !== true
  ) {
    return {
      sequence: headRow.sequence,
      kind: anyValid || last.sequence === 0 ? 'altered' : 'bad-signature',
      message: `the head of confiture.${ledger} (entry ${headRow.sequence}) is not signed with ${keys.description}: it was altered`,
    };
  }
  if (headRow.sequence > last.sequence) {
    const first = last.sequence + 1;
    return {
      sequence: first,
      kind: 'deleted',
      message: `${first === headRow.sequence ? `entry ${first} is` : `entries ${first} to ${headRow.sequence} are`} missing: the log was signed up to entry ${headRow.sequence} but ends at entry ${last.sequence}`,
    };
  }
  if (headRow.sequence < last.sequence) {
    return {
      sequence: headRow.sequence + 1,
      kind: 'inserted',
      message: `entries after ${headRow.sequence} are beyond the signed head of confiture.${ledger}: the head was rolled back or entries were added`,
    };
  }
  if (headRow.entryHash !== last.entryHash) {
    return {
      sequence: last.sequence,
      kind: 'altered',
      message: `entry ${last.sequence} is not the entry the head of confiture.${ledger} was signed for`,
    };
  }
  return undefined;
}
