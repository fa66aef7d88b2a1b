import { ConfitureError } from '@confiture/domain';
import { DateTime } from 'luxon';
import { z } from 'zod';

/** Severities of an incident, lowest first. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** Categories of personal data an incident can involve. */
export const BREACH_CATEGORIES = [
  'email',
  'phone',
  'person_name',
  'postal_address',
  'date_of_birth',
  'national_id',
  'card_number',
  'iban',
  'financial_account',
  'ip_address',
  'location',
  'credentials',
  'health',
  'biometric',
  'genetic',
  'children',
  'special_category',
  'criminal',
  'other',
] as const;

/** What `confiture breach record` stores about an incident: no data value, only categories and counts. */
export const incidentInputSchema = z.strictObject({
  /** When the controller became aware, as the ISO 8601 time with offset that was given. */
  detectedAt: z.string(),
  severity: z.enum(SEVERITIES),
  categories: z.array(z.enum(BREACH_CATEGORIES)).min(1),
  subjects: z.number().int().nonnegative(),
  regions: z.array(z.string()).min(1),
});

/** A validated incident, before it is stored. */
export type IncidentInput = z.infer<typeof incidentInputSchema>;

const REGION = /^(EU|EEA|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function invalid(field: string, message: string, hint: string): ConfitureError {
  return new ConfitureError('INPUT_INVALID', `${field}: ${message}`, { hint });
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Validates the flags of `confiture breach record`, each with one clear error naming the flag and
 * what is allowed; nothing is written before they all pass.
 */
export function parseIncidentFlags(
  flags: {
    detectedAt: string;
    severity: string;
    categories: string;
    subjects: string;
    regions: string;
  },
  now: Date = new Date(),
): IncidentInput {
  const detected = flags.detectedAt.trim();
  const time = DateTime.fromISO(detected, { setZone: true });
  if (!ISO_WITH_OFFSET.test(detected) || !time.isValid) {
    throw invalid(
      '--detected-at',
      `"${flags.detectedAt}" is not an ISO 8601 time with an offset`,
      'Write e.g. 2026-03-01T14:30:00+01:00 or 2026-03-01T13:30:00Z (the offset says when, everywhere).',
    );
  }
  if (time.toMillis() > now.getTime() + 60_000) {
    throw invalid(
      '--detected-at',
      `${detected} is in the future`,
      'Give the moment the incident became known.',
    );
  }
  const severity = flags.severity.trim().toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    throw invalid(
      '--severity',
      `unknown severity "${flags.severity}"`,
      `Use one of ${SEVERITIES.join(', ')}.`,
    );
  }
  const categories = list(flags.categories).map((c) => c.toLowerCase());
  const unknownCategory = categories.find(
    (c) => !(BREACH_CATEGORIES as readonly string[]).includes(c),
  );
  if (categories.length === 0 || unknownCategory !== undefined) {
    throw invalid(
      '--categories',
      categories.length === 0
        ? 'name at least one category'
        : `unknown category "${unknownCategory}"`,
      `Use a comma-separated list of ${BREACH_CATEGORIES.join(', ')}.`,
    );
  }
  const subjectsText = flags.subjects.trim();
  const subjects = Number(subjectsText);
  if (!/^\d+$/.test(subjectsText) || !Number.isSafeInteger(subjects)) {
    throw invalid(
      '--subjects',
      `"${flags.subjects}" is not a non-negative integer`,
      'Give the number of data subjects affected (an estimate if unknown), e.g. 1200.',
    );
  }
  const regions = list(flags.regions).map((r) => r.toUpperCase());
  const badRegion = regions.find((r) => !REGION.test(r));
  if (regions.length === 0 || badRegion !== undefined) {
    throw invalid(
      '--regions',
      regions.length === 0 ? 'name at least one region' : `"${badRegion}" is not a region code`,
      'Use ISO 3166 codes separated by commas: EU, DE, US-CA, CA, BR, CN, AU, ZA ...',
    );
  }
  return incidentInputSchema.parse({
    detectedAt: detected,
    severity,
    categories: [...new Set(categories)],
    subjects,
    regions: [...new Set(regions)],
  });
}
