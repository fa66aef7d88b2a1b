// @confiture/strategies: every anonymization strategy of Confiture; pure, no I/O. See README.md.
export {
  describeColumn,
  textColumn,
  TYPE_CATEGORIES,
  type ColumnInfo,
  type TypeCategory,
} from './lib/column';
export { strategyCatalog } from './lib/catalog';
export { checkRuleAgainstColumn } from './lib/check-rule';
export { compileRule, type CompileContext, type CompiledRule } from './lib/compile-rule';
export { createInverseStrategy, createStrategy, validateOptions } from './lib/create-strategy';
export { createFf3_1, ff3_1, type Ff3_1Cipher } from './lib/ff3-1';
export { parseJsonPath, type JsonPath, type JsonPathStep } from './lib/json-document';
export { createKeyMaterial, KeyMaterial } from './lib/key-material';
export {
  containsPostalAddress,
  findPiiInText,
  isCardNumber,
  isEmail,
  isIban,
  isIpAddress,
  isNationalId,
  isPhoneNumber,
  isSsnShaped,
  luhnValid,
  PII_DETECTORS,
  TEXT_KINDS,
  type FindPiiOptions,
  type PatternMatch,
  type PiiDetector,
  type TextKind,
} from './lib/pii-patterns';
export {
  findPersonNames,
  type NameMatch,
  type NamePart,
  type NamePartRole,
  type NameTuning,
} from './lib/person-names';
export { formatPgArray, mapPgArray, parsePgArray, type PgArray } from './lib/pg-array';
export { PrivacyBudget } from './lib/privacy-budget';
export { findStrategy, getStrategy, strategyDefinitions } from './lib/registry';
export {
  hmacBackend,
  parseHmacBackend,
  useHmacBackend,
  type HmacBackend,
  type HmacBackendChoice,
} from './lib/sha256-hmac';
export { renderStrategyDocs, renderStrategyHelp } from './lib/strategy-docs';
export {
  contractOf,
  type AnyStrategyDefinition,
  type SqlSource,
  type StrategyContext,
  type StrategyContract,
  type StrategyDefinition,
  type StrategyExample,
  type TokenSink,
  type Transform,
} from './lib/strategy-definition';
