import { EntitySchema, type ValueTransformer } from 'typeorm';
import type { ScopeItem } from './token-scope';

/** The PostgreSQL schema, in the target database, that holds everything of this library. */
export const SECURITY_SCHEMA = 'confiture';

/** bigint columns come back from pg as strings; these stay far below 2^53. */
const bigintAsNumber: ValueTransformer = {
  from: (value: string | null) => (value === null ? null : Number(value)),
  to: (value: number | null | undefined) => value,
};

const timestamptz = { type: 'timestamptz' } as const;
const text = { type: 'text' } as const;
const optionalText = { type: 'text', nullable: true } as const;
const jsonb = { type: 'jsonb' } as const;

/** Columns every append-only ledger has: its place in the chain and the proof of it. */
export interface ChainColumns {
  sequence: number;
  recordedAt: Date;
  previousHash: string;
  entryHash: string;
  signature: string;
}

const chainColumns = {
  sequence: { type: 'bigint', primary: true, transformer: bigintAsNumber },
  recordedAt: { ...timestamptz, name: 'recorded_at' },
  previousHash: { ...text, name: 'previous_hash' },
  entryHash: { ...text, name: 'entry_hash' },
  signature: text,
} as const;

/** A data key wrapped by the key provider; the plaintext key is never stored. */
export interface DataKeyRow {
  id: string;
  provider: string;
  masterKeyId: string;
  masterKeyVersion: string;
  wrappedKey: Buffer;
  createdAt: Date;
}

export const DataKeyEntity = new EntitySchema<DataKeyRow>({
  name: 'ConfitureDataKey',
  schema: SECURITY_SCHEMA,
  tableName: 'data_keys',
  columns: {
    id: { type: 'uuid', primary: true },
    provider: text,
    masterKeyId: { ...text, name: 'master_key_id' },
    masterKeyVersion: { ...text, name: 'master_key_version' },
    wrappedKey: { type: 'bytea', name: 'wrapped_key' },
    createdAt: { ...timestamptz, name: 'created_at' },
  },
});

/** One tokenized value: the original, AES-256-GCM encrypted under a data key. */
export interface TokenRow {
  token: string;
  tableName: string;
  columnName: string;
  ciphertext: Buffer;
  nonce: Buffer;
  dataKeyId: string;
  keyVersion: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export const TokenEntity = new EntitySchema<TokenRow>({
  name: 'ConfitureToken',
  schema: SECURITY_SCHEMA,
  tableName: 'tokens',
  columns: {
    token: { ...text, primary: true },
    tableName: { ...text, primary: true, name: 'table_name' },
    columnName: { ...text, primary: true, name: 'column_name' },
    ciphertext: { type: 'bytea' },
    nonce: { type: 'bytea' },
    dataKeyId: { type: 'uuid', name: 'data_key_id' },
    keyVersion: { ...text, name: 'key_version' },
    createdAt: { ...timestamptz, name: 'created_at' },
    expiresAt: { ...timestamptz, name: 'expires_at', nullable: true },
  },
});

/**
 * A grant, a change of grant or a revocation, as signed by the grant authority in the
 * `confiture.token_grants` ledger. A principal's latest entry is their grant.
 */
export interface TokenGrantRow extends ChainColumns {
  event: 'grant' | 'revoke';
  principal: string;
  accessLevel: string;
  /** The principal's Ed25519 public key (`ed25519:…`): only its holder can act under the grant. */
  principalKey: string | null;
  /** The tables and columns whose tokens the grant covers; null: every token. */
  scope: ScopeItem[] | null;
  expiresAt: Date | null;
  /** OS user, host and database role of the grantor. */
  grantedBy: string;
  /** The grant authority's public key (`ed25519:…`) the entry is signed with. */
  signer: string;
}

export const TokenGrantEntity = new EntitySchema<TokenGrantRow>({
  name: 'ConfitureTokenGrant',
  schema: SECURITY_SCHEMA,
  tableName: 'token_grants',
  columns: {
    ...chainColumns,
    event: text,
    principal: text,
    accessLevel: { ...text, name: 'access_level' },
    principalKey: { ...optionalText, name: 'principal_key' },
    scope: { ...jsonb, nullable: true },
    expiresAt: { ...timestamptz, name: 'expires_at', nullable: true },
    grantedBy: { ...text, name: 'granted_by' },
    signer: text,
  },
});

/**
 * A grant authority's public key, sealed (AES-256-GCM) under a data key: a reverser, who holds the
 * key provider but not the audit key, trusts the grants signed by the keys it can open here.
 */
export interface GrantAuthorityRow {
  publicKey: string;
  dataKeyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  createdAt: Date;
}

export const GrantAuthorityEntity = new EntitySchema<GrantAuthorityRow>({
  name: 'ConfitureGrantAuthority',
  schema: SECURITY_SCHEMA,
  tableName: 'grant_authorities',
  columns: {
    publicKey: { ...text, primary: true, name: 'public_key' },
    dataKeyId: { type: 'uuid', name: 'data_key_id' },
    nonce: { type: 'bytea' },
    ciphertext: { type: 'bytea' },
    createdAt: { ...timestamptz, name: 'created_at' },
  },
});

/**
 * A reversal attempt refused before any grant authenticated the principal (no grant, a revoked
 * one, a credential that is not the grant's key, a broken grant ledger). Append-only but not
 * signed: nobody's key proves who made it.
 */
export interface TokenAccessRefusalRow {
  id: string;
  recordedAt: Date;
  principal: string;
  token: string;
  tableName: string | null;
  columnName: string | null;
  reason: string | null;
  detail: string;
  osUser: string;
  dbUser: string;
  host: string;
}

export const TokenAccessRefusalEntity = new EntitySchema<TokenAccessRefusalRow>({
  name: 'ConfitureTokenAccessRefusal',
  schema: SECURITY_SCHEMA,
  tableName: 'token_access_refusals',
  columns: {
    id: { type: 'uuid', primary: true },
    recordedAt: { ...timestamptz, name: 'recorded_at' },
    principal: text,
    token: text,
    tableName: { ...optionalText, name: 'table_name' },
    columnName: { ...optionalText, name: 'column_name' },
    reason: optionalText,
    detail: text,
    osUser: { ...text, name: 'os_user' },
    dbUser: { ...text, name: 'db_user' },
    host: text,
  },
});

/** One sync, as signed in `confiture.audit_log`. */
export interface AuditLogRow extends ChainColumns {
  runId: string;
  osUser: string;
  principal: string | null;
  host: string;
  source: string;
  target: string;
  profileName: string | null;
  profileVersion: string | null;
  profileSha256: string | null;
  tables: string[];
  rowsPerTable: Record<string, number>;
  strategies: Record<string, string>;
  verification: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date;
  status: string;
}

export const AuditLogEntity = new EntitySchema<AuditLogRow>({
  name: 'ConfitureAuditLog',
  schema: SECURITY_SCHEMA,
  tableName: 'audit_log',
  columns: {
    ...chainColumns,
    runId: { type: 'uuid', name: 'run_id' },
    osUser: { ...text, name: 'os_user' },
    principal: optionalText,
    host: text,
    source: text,
    target: text,
    profileName: { ...optionalText, name: 'profile_name' },
    profileVersion: { ...optionalText, name: 'profile_version' },
    profileSha256: { ...optionalText, name: 'profile_sha256' },
    tables: jsonb,
    rowsPerTable: { ...jsonb, name: 'rows_per_table' },
    strategies: jsonb,
    verification: jsonb,
    startedAt: { ...timestamptz, name: 'started_at' },
    finishedAt: { ...timestamptz, name: 'finished_at' },
    status: text,
  },
});

/** How one column was anonymized in one run, as signed in `confiture.lineage`. */
export interface LineageRow extends ChainColumns {
  runId: string;
  tableName: string;
  columnName: string;
  strategy: string;
  optionsSha256: string;
  rows: number;
}

export const LineageEntity = new EntitySchema<LineageRow>({
  name: 'ConfitureLineage',
  schema: SECURITY_SCHEMA,
  tableName: 'lineage',
  columns: {
    ...chainColumns,
    runId: { type: 'uuid', name: 'run_id' },
    tableName: { ...text, name: 'table_name' },
    columnName: { ...text, name: 'column_name' },
    strategy: text,
    optionsSha256: { ...text, name: 'options_sha256' },
    rows: { type: 'bigint', transformer: bigintAsNumber },
  },
});

/**
 * A reversal attempt on the token vault, as signed in `confiture.token_access_log`: by the
 * principal's own key, under the grant `grantSequence` names (entries written before grants were
 * signed have neither and are signed with the audit key; so are their grant events).
 */
export interface TokenAccessRow extends ChainColumns {
  event: string;
  principal: string;
  accessLevel: string;
  token: string | null;
  tableName: string | null;
  columnName: string | null;
  reason: string | null;
  outcome: string;
  detail: string | null;
  osUser: string;
  dbUser: string;
  host: string;
  /** The principal's public key that signed the entry. */
  signer: string | null;
  /** The `confiture.token_grants` entry the principal acted under. */
  grantSequence: number | null;
}

export const TokenAccessEntity = new EntitySchema<TokenAccessRow>({
  name: 'ConfitureTokenAccess',
  schema: SECURITY_SCHEMA,
  tableName: 'token_access_log',
  columns: {
    ...chainColumns,
    event: text,
    principal: text,
    accessLevel: { ...text, name: 'access_level' },
    token: optionalText,
    tableName: { ...optionalText, name: 'table_name' },
    columnName: { ...optionalText, name: 'column_name' },
    reason: optionalText,
    outcome: text,
    detail: optionalText,
    osUser: { ...text, name: 'os_user' },
    dbUser: { ...text, name: 'db_user' },
    host: text,
    signer: optionalText,
    grantSequence: {
      type: 'bigint',
      name: 'grant_sequence',
      nullable: true,
      transformer: bigintAsNumber,
    },
  },
});

/** The signed position of each ledger's last entry, so that deleting the tail shows. */
export interface LedgerHeadRow {
  ledger: string;
  sequence: number;
  entryHash: string;
  signature: string | null;
  updatedAt: Date;
}

export const LedgerHeadEntity = new EntitySchema<LedgerHeadRow>({
  name: 'ConfitureLedgerHead',
  schema: SECURITY_SCHEMA,
  tableName: 'ledger_heads',
  columns: {
    ledger: { ...text, primary: true },
    sequence: { type: 'bigint', transformer: bigintAsNumber },
    entryHash: { ...text, name: 'entry_hash' },
    signature: optionalText,
    updatedAt: { ...timestamptz, name: 'updated_at' },
  },
});

/** Every entity of the security schema. */
export const SECURITY_ENTITIES = [
  DataKeyEntity,
  TokenEntity,
  TokenGrantEntity,
  GrantAuthorityEntity,
  TokenAccessRefusalEntity,
  AuditLogEntity,
  LineageEntity,
  TokenAccessEntity,
  LedgerHeadEntity,
];
