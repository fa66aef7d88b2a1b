import { IANAZone } from 'luxon';
import { z } from 'zod';
import { deadlineRuleSchema, sourceSchema } from './deadline-rule';
import { EVIDENCE_KIND_NAMES } from './evidence-kind';
import { REGULATION_IDS } from './regulation-id';

/** Themes requirements are grouped by in the cross-regulation matrix. */
export const THEMES = [
  'accountability',
  'transparency',
  'lawful_basis',
  'minimisation',
  'security',
  'retention',
  'transfers',
  'subject_rights',
  'breach',
] as const;

/** One of {@link THEMES}. */
export type Theme = (typeof THEMES)[number];

/** Data-subject rights the catalogs know (the ones issue 19 executes first among them). */
export const RIGHTS = [
  'access',
  'portability',
  'erasure',
  'rectification',
  'restriction',
  'objection',
  'opt_out_sale',
] as const;

/** One of {@link RIGHTS}. */
export type Right = (typeof RIGHTS)[number];

/** How much risk a notice threshold requires before the notice is due. */
export const RISK_LEVELS = ['any', 'risk', 'high_risk'] as const;

/** A requirement of a regulation: its reference, what it asks, and what evidence satisfies it. */
export const requirementSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id'),
  /** Article or section, e.g. `Art. 30(1)`, `§1798.100(a)`, `s. 10.1(1)`. */
  reference: z.string().trim().min(1),
  title: z.string().trim().min(3),
  theme: z.enum(THEMES),
  /** Evidence kinds that, together, satisfy it. */
  evidence: z.array(z.enum(EVIDENCE_KIND_NAMES)).min(1),
  source: sourceSchema,
});

/** A data-subject right with its response deadline and extension. */
export const rightSchema = z.strictObject({
  right: z.enum(RIGHTS),
  reference: z.string().trim().min(1),
  deadline: deadlineRuleSchema,
  /** A further period the law allows, and on which condition. */
  extension: z
    .strictObject({ by: deadlineRuleSchema, condition: z.string().trim().min(3) })
    .optional(),
  source: sourceSchema,
});

/** Who must be told of a breach, by when (from which moment), above which threshold, with what. */
export const breachNoticeRuleSchema = z.strictObject({
  /** The authority, the data subjects, or the controller's own assessment of a suspected breach. */
  recipient: z.enum(['authority', 'subjects', 'assessment']),
  /** Whom, in the law's words: `the competent supervisory authority (Art. 55)`. */
  to: z.string().trim().min(3),
  deadline: deadlineRuleSchema,
  /** The moment the period runs from: the incident's awareness, or the notice to subjects. */
  runsFrom: z.enum(['awareness', 'subjects_notice', 'statement']),
  /** The law's words for that moment: `after having become aware of it`. */
  runsFromWording: z.string().trim().min(3),
  threshold: z.strictObject({
    risk: z.enum(RISK_LEVELS),
    wording: z.string().trim().min(3),
    /** The notice is due only above this many subjects (e.g. CCPA's 500 residents for the AG). */
    minSubjects: z.number().int().nonnegative().optional(),
    /** The notice concerns only these incident categories (e.g. §1798.82(h)). */
    categories: z.array(z.string().min(1)).optional(),
    source: sourceSchema,
  }),
  /** What the notice must contain, each item as the law lists it. */
  content: z.array(z.string().trim().min(3)).min(1),
  source: sourceSchema,
});

/** A regulation catalog: data, one file per regulation, validated by this schema. */
export const regulationCatalogSchema = z.strictObject({
  id: z.enum(REGULATION_IDS),
  name: z.string().trim().min(3),
  shortName: z.string().trim().min(2),
  jurisdiction: z.string().trim().min(2),
  /** Region codes (ISO 3166-1/-2, plus EU and EEA) whose residents this law protects. */
  regions: z.array(z.string().regex(/^(EU|EEA|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/)).min(1),
  authority: z.string().trim().min(3),
  /** IANA zone used to count calendar and business days for this law. */
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone'),
  /** Title of the record the report stands for, e.g. `Record of processing activities (Art. 30)`. */
  recordTitle: z.string().trim().min(3),
  requirements: z.array(requirementSchema).min(1),
  rights: z.array(rightSchema).min(1),
  breach: z.array(breachNoticeRuleSchema).min(1),
  notes: z.array(z.string().trim().min(3)).default([]),
});

/** A validated catalog. */
export type RegulationCatalog = z.infer<typeof regulationCatalogSchema>;
/** A catalog as written in its file (before defaults). */
export type RegulationCatalogInput = z.input<typeof regulationCatalogSchema>;
/** One requirement of a catalog. */
export type Requirement = z.infer<typeof requirementSchema>;
/** One data-subject right of a catalog. */
export type RightRule = z.infer<typeof rightSchema>;
/** One breach notice rule of a catalog. */
export type BreachNoticeRule = z.infer<typeof breachNoticeRuleSchema>;
