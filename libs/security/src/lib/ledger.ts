import { createHash } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import type { DataSource, EntityManager, EntitySchema } from 'typeorm';
import type { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import { LedgerHeadEntity, type ChainColumns, type LedgerHeadRow } from './security-entities';
import { GENESIS_HASH, type LedgerName } from './security-migrations';

/** An append-only, signed, hash-chained table and the fields of its entries that are signed. */
export interface LedgerSpec<Row extends ChainColumns> {
  name: LedgerName;
  entity: EntitySchema<Row>;
  /** Every property of an entry besides the chain columns, all of them signed. */
  fields: readonly Exclude<keyof Row & string, keyof ChainColumns>[];
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
  const entry = Object.fromEntries(spec.fields.map((field) => [field, row[field] ?? null]));
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

function headText(ledger: LedgerName, head: ChainHead): string {
  return canonicalJson({ ledger, head: { sequence: head.sequence, entryHash: head.entryHash } });
}

/**
 * Appends entries to a ledger in one transaction: each gets the next sequence number, the hash of
 * the entry before it, its own hash and an HMAC-SHA256 signature, and the ledger head moves to the
 * last one (inside `target`'s transaction when it is one). The head row is locked, so concurrent
 * writers queue. Refuses (INTEGRITY_FAILED) to
 * extend a chain whose head this key did not sign, or whose last entry is not the head.
 */
export async function appendToLedger<Row extends ChainColumns>(
  target: DataSource | EntityManager,
  spec: LedgerSpec<Row>,
  key: AuditKey,
  entries: readonly LedgerEntry<Row>[],
): Promise<Row[]> {
  if (entries.length === 0) return [];
  const entityManager: EntityManager = 'manager' in target ? target.manager : target;
  return entityManager.transaction(async (manager) => {
    const head = await lockHead(manager, spec.name);
    await assertHeadIsLast(manager, spec, key, head);
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
      row.signature = key.sign(text);
      previous = { sequence: row.sequence, entryHash: row.entryHash };
      return row;
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      // insert() takes TypeORM's deep-partial type, which generic rows do not satisfy.
      await manager.insert(spec.entity, rows.slice(i, i + INSERT_CHUNK) as never);
    }
    await manager.update(
      LedgerHeadEntity,
      { ledger: spec.name },
      {
        sequence: previous.sequence,
        entryHash: previous.entryHash,
        signature: key.sign(headText(spec.name, previous)),
        updatedAt: recordedAt,
      },
    );
    return rows;
  });
}

async function lockHead(manager: EntityManager, ledger: LedgerName): Promise<LedgerHeadRow> {
  const head = await manager
    .getRepository(LedgerHeadEntity)
    .createQueryBuilder('head')
    .setLock('pessimistic_write')
    .where('head.ledger = :ledger', { ledger })
    .getOne();
  if (!head) {
    throw new ConfitureError('INTEGRITY_FAILED', `the head of confiture.${ledger} is missing`, {
      hint: `Someone deleted it; run \`confiture ${ledger === 'lineage' ? 'lineage' : 'audit'} verify\` and investigate before writing again.`,
    });
  }
  return head;
}

async function assertHeadIsLast<Row extends ChainColumns>(
  manager: EntityManager,
  spec: LedgerSpec<Row>,
  key: AuditKey,
  head: LedgerHeadRow,
): Promise<void> {
  const verifyCommand =
    spec.name === 'lineage' ? 'confiture lineage verify' : 'confiture audit verify';
  if (head.sequence > 0 && !key.verify(headText(spec.name, head), head.signature ?? '')) {
    throw new ConfitureError(
      'INTEGRITY_FAILED',
      `the head of confiture.${spec.name} is not signed with this audit key: refusing to extend the chain`,
      {
        hint: `Use the CONFITURE_AUDIT_KEY that signed the earlier entries, or run \`${verifyCommand}\`: the head may have been altered.`,
      },
    );
  }
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
}

/**
 * Checks a whole ledger in sequence order inside one snapshot: every entry's hash matches its
 * content, its signature verifies with `key`, it links to the entry before it, no sequence number
 * is missing, and the last entry is the signed head. Stops at the first problem.
 */
export async function verifyLedger<Row extends ChainColumns>(
  dataSource: DataSource,
  spec: LedgerSpec<Row>,
  key: AuditKey,
): Promise<ChainVerification> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const headRow = await manager.getRepository(LedgerHeadEntity).findOneBy({ ledger: spec.name });
    const head: ChainHead = {
      sequence: headRow?.sequence ?? 0,
      entryHash: headRow?.entryHash ?? GENESIS_HASH,
    };
    const repository = manager.getRepository(spec.entity);
    let entries = 0;
    let anyValid = false;
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
        const problem = checkEntry(spec, key, row, previous, anyValid);
        if (problem) return fail(problem);
        anyValid = true;
        previous = { sequence: row.sequence, entryHash: row.entryHash };
      }
      if (page.length < PAGE_SIZE) break;
    }
    const problem = checkHead(spec.name, key, headRow, previous, anyValid);
    if (problem) return fail(problem);
    return { ledger: spec.name, ok: true, entries, head };
  });
}

function checkEntry<Row extends ChainColumns>(
  spec: LedgerSpec<Row>,
  key: AuditKey,
  row: Row,
  previous: ChainHead,
  anyValid: boolean,
): ChainProblem | undefined {
  const expected = previous.sequence + 1;
  if (row.sequence > expected) {
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
  if (row.sequence < expected || !Number.isInteger(row.sequence)) {
    return {
      sequence: row.sequence,
      kind: 'inserted',
      message: `entry ${row.sequence} is out of sequence: inserted into confiture.${spec.name}`,
    };
  }
  const text = signedText(spec, row);
  if (sha256(text) !== row.entryHash) {
    return {
      sequence: row.sequence,
      kind: 'altered',
      message: `entry ${row.sequence} of confiture.${spec.name} was altered: its content no longer matches the hash it was signed with`,
    };
  }
  if (!key.verify(text, row.signature)) {
    return anyValid
      ? {
          sequence: row.sequence,
          kind: 'inserted',
          message: `entry ${row.sequence} of confiture.${spec.name} is not signed with the audit key: it was inserted (or rewritten) by someone without the key`,
        }
      : {
          sequence: row.sequence,
          kind: 'bad-signature',
          message: `entry ${row.sequence} of confiture.${spec.name} does not verify with this audit key: the key is not the one that signed the log, or the log was forged from its first entry`,
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

function checkHead(
  ledger: LedgerName,
  key: AuditKey,
  headRow: LedgerHeadRow | null,
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
  if (headRow.sequence > 0 && !key.verify(headText(ledger, headRow), headRow.signature ?? '')) {
    return {
      sequence: headRow.sequence,
      kind: anyValid || last.sequence === 0 ? 'altered' : 'bad-signature',
      message: `the head of confiture.${ledger} (entry ${headRow.sequence}) is not signed with this audit key: it was altered`,
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
