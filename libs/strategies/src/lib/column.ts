/**
 * PostgreSQL type families a strategy can accept; a column's family decides what output is valid.
 * The sync's catalog tells `enum` apart (a label of the type); `describeColumn` cannot, and says
 * `other`. No strategy lists either: only those that accept any type take them.
 */
export const TYPE_CATEGORIES = [
  'text',
  'integer',
  'numeric',
  'float',
  'date',
  'timestamp',
  'timestamptz',
  'boolean',
  'json',
  'jsonb',
  'uuid',
  'inet',
  'bytea',
  'enum',
  'other',
] as const;

/** One of {@link TYPE_CATEGORIES}. */
export type TypeCategory = (typeof TYPE_CATEGORIES)[number];

/** The column a strategy writes to, as the sync introspects it. */
export interface ColumnInfo {
  /** Column name as PostgreSQL spells it (case-sensitive). */
  name: string;
  /** `format_type()` text, e.g. `character varying(255)` or `integer[]`. */
  type: string;
  /** Family of the element type (of each element for arrays). */
  category: TypeCategory;
  isArray: boolean;
  /** Character limit of varchar(n)/char(n) (of each element for arrays). */
  maxLength?: number;
  notNull: boolean;
  /** Covered by a UNIQUE constraint or unique index (alone). */
  unique: boolean;
}

const CATEGORY_BY_TYPE: Record<string, TypeCategory> = {
  text: 'text',
  'character varying': 'text',
  varchar: 'text',
  character: 'text',
  char: 'text',
  bpchar: 'text',
  name: 'text',
  citext: 'text',
  smallint: 'integer',
  integer: 'integer',
  int: 'integer',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  bigint: 'integer',
  numeric: 'numeric',
  decimal: 'numeric',
  money: 'other',
  real: 'float',
  float4: 'float',
  float8: 'float',
  'double precision': 'float',
  date: 'date',
  'timestamp without time zone': 'timestamp',
  timestamp: 'timestamp',
  'timestamp with time zone': 'timestamptz',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  bool: 'boolean',
  json: 'json',
  jsonb: 'jsonb',
  uuid: 'uuid',
  inet: 'inet',
  cidr: 'inet',
  bytea: 'bytea',
};

/**
 * Describes a column from its `format_type()` text: category, array-ness and varchar length.
 * Unknown types (enums, domains, citext-like extensions) are `other`.
 */
export function describeColumn(
  name: string,
  formatType: string,
  flags: { notNull?: boolean; unique?: boolean } = {},
): ColumnInfo {
  let base = formatType.trim().toLowerCase();
  const isArray = base.endsWith('[]');
  while (base.endsWith('[]')) base = base.slice(0, -2);
  const modifier = /^(.*?)\s*\((\d+)(?:\s*,\s*\d+)?\)(.*)$/.exec(base);
  let maxLength: number | undefined;
  if (modifier) {
    base = `${modifier[1]}${modifier[3] ?? ''}`.trim();
    const n = Number(modifier[2]);
    if (CATEGORY_BY_TYPE[base] === 'text') maxLength = n;
  }
  // "timestamp(3) with time zone" leaves a double space after removing the precision.
  base = base.replace(/\s+/g, ' ');
  return {
    name,
    type: formatType,
    category: CATEGORY_BY_TYPE[base] ?? 'other',
    isArray,
    ...(maxLength !== undefined ? { maxLength } : {}),
    notNull: flags.notNull ?? false,
    unique: flags.unique ?? false,
  };
}

/** A text column with no constraints, for using a strategy outside a sync. */
export function textColumn(name = 'value'): ColumnInfo {
  return describeColumn(name, 'text');
}
