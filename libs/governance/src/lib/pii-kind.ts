/** Kinds of personal data a single value can be recognised as. */
export const VALUE_KINDS = [
  'email',
  'phone',
  'person_name',
  'national_id',
  'card_number',
  'iban',
  'ip_address',
  'postal_address',
  'date_of_birth',
] as const;

/** One of {@link VALUE_KINDS}. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * What a PII column holds: a value kind, or a container of PII (free text, JSON, array) whose
 * inner kinds are listed separately; `other` is a column declared personal (by its comment) whose
 * kind is unknown.
 */
export const PII_KINDS = [...VALUE_KINDS, 'free_text', 'json', 'array', 'other'] as const;

/** One of {@link PII_KINDS}. */
export type PiiKind = (typeof PII_KINDS)[number];

/** Human labels for reports. */
export const PII_KIND_LABELS: Record<PiiKind, string> = {
  email: 'email address',
  phone: 'phone number',
  person_name: 'person name',
  national_id: 'national id / SSN',
  card_number: 'card number',
  iban: 'IBAN',
  ip_address: 'IP address',
  postal_address: 'postal address',
  date_of_birth: 'date of birth',
  free_text: 'free text containing PII',
  json: 'JSON containing PII',
  array: 'array containing PII',
  other: 'personal data (declared)',
};

/** "an email address" / "email addresses", for evidence sentences. */
export const VALUE_KIND_PHRASES: Record<ValueKind, { one: string; many: string }> = {
  email: { one: 'an email address', many: 'email addresses' },
  phone: { one: 'a phone number', many: 'phone numbers' },
  person_name: { one: 'a person name', many: 'person names' },
  national_id: { one: 'a national id', many: 'national ids' },
  card_number: { one: 'a card number', many: 'card numbers' },
  iban: { one: 'an IBAN', many: 'IBANs' },
  ip_address: { one: 'an IP address', many: 'IP addresses' },
  postal_address: { one: 'a postal address', many: 'postal addresses' },
  date_of_birth: { one: 'a date of birth', many: 'dates of birth' },
};

/** Whether `kind` is a container whose inner kinds are in `contains`. */
export function isContainerKind(kind: PiiKind): kind is 'free_text' | 'json' | 'array' {
  return kind === 'free_text' || kind === 'json' || kind === 'array';
}
