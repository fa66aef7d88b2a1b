import { ConfitureError } from '@confiture/domain';

/** The seven regulations Confiture has catalogs for, by their CLI id. */
export const REGULATION_IDS = [
  'gdpr',
  'ccpa',
  'pipeda',
  'lgpd',
  'pipl',
  'au-privacy',
  'popia',
] as const;

/** One of {@link REGULATION_IDS}. */
export type RegulationId = (typeof REGULATION_IDS)[number];

/** Whether `value` names one of the seven regulations. */
export function isRegulationId(value: string): value is RegulationId {
  return (REGULATION_IDS as readonly string[]).includes(value);
}

/** The regulation `value` names (case-insensitive), or an error that lists the seven. */
export function parseRegulationId(value: string, field = '--regulation'): RegulationId {
  const id = value.trim().toLowerCase();
  if (isRegulationId(id)) return id;
  throw new ConfitureError(
    'PLAN_INVALID',
    `${field}: unknown regulation "${value}"; known: ${REGULATION_IDS.join(', ')}`,
    { hint: `Name one of ${REGULATION_IDS.join(', ')}.` },
  );
}

/** A comma-separated list of regulations, each validated, without duplicates, in the given order. */
export function parseRegulationList(value: string, field = '--regulations'): RegulationId[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    throw new ConfitureError('PLAN_INVALID', `${field}: name at least one regulation`, {
      hint: `Name one or more of ${REGULATION_IDS.join(', ')}, separated by commas.`,
    });
  }
  return [...new Set(parts.map((part) => parseRegulationId(part, field)))];
}
