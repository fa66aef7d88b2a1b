// @confiture/security: key providers, token vault, signed lineage and audit log.
export {
  canDescribe,
  decideReversal,
  isAccessLevel,
  ACCESS_LEVELS,
  MIN_REASON_LENGTH,
} from './lib/access-level';
export type { AccessLevel, Grant, ReversalDecision, ReversalRequest } from './lib/access-level';
export { currentActor, type Actor } from './lib/actor';
export { openAesGcm, sealAesGcm, type SealedBox } from './lib/aes-gcm';
export { AuditKey, MIN_AUDIT_KEY_LENGTH } from './lib/audit-key';
export {
  appendAuditEntry,
  auditEntrySchema,
  listAuditEntries,
  verifyAuditChain,
  type AuditEntry,
  type AuditEntryInput,
  type ListAuditEntriesOptions,
} from './lib/audit-log';
export { AwsKmsKeyProvider, type AwsKmsKeyProviderOptions } from './lib/aws-kms-key-provider';
export {
  AzureKeyVaultKeyProvider,
  type AzureKeyVaultKeyProviderOptions,
  type AzureTokenCredential,
} from './lib/azure-key-vault-key-provider';
export { canonicalJson, type JsonValue } from './lib/canonical-json';
export {
  createKeyProvider,
  kmsSettingsSchema,
  parseKmsSettings,
  type CreateKeyProviderOptions,
  type KmsSettings,
} from './lib/create-key-provider';
export {
  type DataKey,
  type KeyProvider,
  type KeyProviderName,
  type WrappedKey,
} from './lib/key-provider';
export type { ChainHead, ChainProblem, ChainProblemKind, ChainVerification } from './lib/ledger';
export { GrantAuthority } from './lib/grant-authority';
export {
  PRINCIPAL_KEY_FILE_VARIABLE,
  PRINCIPAL_KEY_VARIABLE,
  PrincipalCredential,
  PublicKey,
} from './lib/principal-key';
export {
  appendLineage,
  hashStrategyOptions,
  lineageEntrySchema,
  listLineageEntries,
  verifyLineageChain,
  type LineageEntry,
  type LineageEntryInput,
} from './lib/lineage';
export { LocalKeyProvider } from './lib/local-key-provider';
export { APPEND_ONLY_TABLES, LEDGER_TABLES, type LedgerName } from './lib/security-migrations';
export { carryRecords, type CarriedRecords } from './lib/carry-records';
export { createSecurityRecorder, type SecurityRecorderOptions } from './lib/security-recorder';
export {
  ensureSecuritySchema,
  hasSecuritySchema,
  lockDownSecuritySchema,
  type LockDownOptions,
  type LockDownReport,
} from './lib/security-store';
export {
  listTokenAccessLog,
  verifyTokenAccessChain,
  type TokenAccessRecord,
} from './lib/token-access-log';
export { listTokenGrants, verifyTokenGrantChain, type TokenGrantRecord } from './lib/token-grants';
export {
  describeScope,
  inScope,
  parseScopeItem,
  scopeItemSchema,
  type ScopeItem,
} from './lib/token-scope';
export {
  TokenVault,
  type GrantOptions,
  type GrantRecord,
  type PrincipalRequest,
  type Reversal,
  type ReverseOptions,
  type TokenEntry,
  type TokenMetadata,
  type TokenVaultOptions,
} from './lib/token-vault';
export {
  VaultTransitKeyProvider,
  type VaultTransitKeyProviderOptions,
} from './lib/vault-transit-key-provider';
