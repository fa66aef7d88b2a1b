import { z } from 'zod';
import { sourceSchema } from '../deadline-rule';
import { REGULATION_IDS } from '../regulation-id';

/** A known tension between regulations (or within one), with the approach Confiture recommends. */
export const conflictSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(3),
  /** The regulations involved; the conflict is shown when at least two of them (or `alone`) are chosen. */
  regulations: z.array(z.enum(REGULATION_IDS)).min(1),
  /** Shown even when only one of the regulations is selected (a tension inside one law). */
  alone: z.boolean().default(false),
  description: z.string().min(3),
  recommendation: z.string().min(3),
  sources: z.array(sourceSchema).min(1),
});

/** One known conflict. */
export type Conflict = z.infer<typeof conflictSchema>;

/** The known conflicts, as data. */
export const CONFLICTS: z.input<typeof conflictSchema>[] = [
  {
    id: 'erasure-vs-retention',
    title: 'Erasure requests against retention duties',
    regulations: ['gdpr', 'ccpa', 'lgpd', 'pipl', 'popia', 'pipeda', 'au-privacy'],
    alone: true,
    description:
      'A subject may ask for erasure while tax, accounting or litigation-hold laws oblige the controller to keep some records; each regulation allows the retention in its own words.',
    recommendation:
      'Erase (or anonymize) the subject in every non-production copy, where no retention duty applies: the next sync propagates it, and token-vault originals are destroyed (crypto-shredding). Keep retained records only in production, restricted to the retention purpose, for the longest applicable duty, and record why.',
    sources: [
      'GDPR Art. 17(3)(b) (legal obligation) and (e) (legal claims)',
      'Cal. Civ. Code §1798.105(d)',
      'LGPD Art. 16, I',
      'PIPL Art. 47 ¶2 (stop processing except storage and security measures)',
      'POPIA s 14(1)(a)-(d)',
      'PIPEDA s. 8(8) and Sch. 1, cl. 4.5.2',
      'APP 11.2 (unless required by law to retain)',
    ],
  },
  {
    id: 'breach-clocks',
    title: 'Different breach-notice clocks for the same incident',
    regulations: ['gdpr', 'lgpd', 'pipl', 'ccpa', 'pipeda', 'au-privacy', 'popia'],
    alone: false,
    description:
      'One incident affecting several regions runs several clocks at once: 72 hours (GDPR), 3 business days (LGPD), "immediately" (PIPL), 30 calendar days (CCPA), "as soon as feasible/practicable/reasonably possible" (PIPEDA, Privacy Act, POPIA).',
    recommendation:
      'Plan for the earliest computed deadline (`confiture breach notices <id>`), treat "immediately" as earlier than any fixed figure, and send a first notice with what is known (GDPR Art. 33(4) and LGPD allow phased information).',
    sources: [
      'GDPR Art. 33(1), (4)',
      'Res. CD/ANPD 15/2024 Art. 6',
      'PIPL Art. 57',
      'Cal. Civ. Code §1798.82(a)(2)',
    ],
  },
  {
    id: 'breach-thresholds',
    title: 'Different notification thresholds',
    regulations: ['popia', 'pipl', 'gdpr', 'pipeda', 'au-privacy', 'lgpd', 'ccpa'],
    alone: false,
    description:
      'POPIA and PIPL require notice of any compromise; GDPR unless unlikely to result in a risk; LGPD on relevant risk or damage; PIPEDA on a real risk of significant harm; the Privacy Act on likely serious harm; CCPA on specific categories of unencrypted data.',
    recommendation:
      "Record every incident (the union), assess each law's threshold separately, and keep the assessment with the incident (GDPR Art. 33(5), PIPEDA s. 10.3, Res. 15/2024 Art. 10 all require records of incidents not notified).",
    sources: [
      'POPIA s 22(1)',
      'PIPL Art. 57',
      'GDPR Art. 33(1), (5)',
      'PIPEDA s. 10.1(1), 10.3',
      'Privacy Act 1988 (Cth) s 26WE',
      'LGPD Art. 48',
    ],
  },
  {
    id: 'access-deadlines',
    title: 'Different response periods for the same access request',
    regulations: ['lgpd', 'pipeda', 'popia', 'gdpr', 'ccpa', 'pipl', 'au-privacy'],
    alone: false,
    description:
      'Access requests run 15 days (LGPD Art. 19, II), 30 days (PIPEDA, PAIA), one month (GDPR), 45 days (CCPA), "in a timely manner" (PIPL) or "a reasonable period" (APP 12.4).',
    recommendation:
      'Answer every access request within the shortest period of the laws that apply to the subject (15 days where LGPD applies).',
    sources: [
      'LGPD Art. 19, II',
      'PIPEDA s. 8(3)',
      'PAIA s 56(1)',
      'GDPR Art. 12(3)',
      'Cal. Civ. Code §1798.130(a)(2)(A)',
    ],
  },
  {
    id: 'pseudonymised-is-personal',
    title: 'Reversible strategies produce pseudonymised, still personal, data',
    regulations: ['gdpr', 'lgpd', 'pipl', 'ccpa', 'popia'],
    alone: true,
    description:
      'tokenize and fpe can be reversed with a key: the laws treat such data as personal (pseudonymised), while irreversible strategies can produce anonymous data outside their scope.',
    recommendation:
      "Treat every reversible column of a copy as personal data: keep the token vault and FPE keys out of the copy's environment, grant reversal per principal with a reason, and prefer irreversible strategies where reversal is not needed.",
    sources: [
      'GDPR Recital 26, Art. 4(5)',
      'LGPD Art. 12 and Art. 13 §4',
      'PIPL Art. 73(3)-(4)',
      'Cal. Civ. Code §1798.140(m)',
      'POPIA s 6(1)(b)',
    ],
  },
  {
    id: 'transfer-mechanisms',
    title: 'Cross-border copies under several transfer regimes',
    regulations: ['gdpr', 'pipl', 'lgpd', 'popia', 'au-privacy', 'pipeda'],
    alone: false,
    description:
      'A staging copy hosted abroad is a transfer under each law: adequacy or SCCs (GDPR), CAC assessment, certification or standard contract (PIPL), Art. 33 cases (LGPD), s 72 conditions (POPIA), APP 8 reasonable steps, comparable protection (PIPEDA).',
    recommendation:
      "Keep copies in the production data's jurisdiction; where a copy must move, anonymize irreversibly first, or document a mechanism that satisfies every law involved in `transfers:`.",
    sources: [
      'GDPR Arts. 44-46',
      'PIPL Art. 38',
      'LGPD Art. 33',
      'POPIA s 72',
      'APP 8.1',
      'PIPEDA Sch. 1, cl. 4.1.3',
    ],
  },
  {
    id: 'officer-appointment',
    title: 'Who must appoint a privacy officer',
    regulations: ['gdpr', 'lgpd', 'popia', 'pipl', 'pipeda'],
    alone: false,
    description:
      'A DPO is required in the cases of GDPR Art. 37(1); LGPD requires an encarregado (Art. 41); POPIA makes the head of the body the information officer (s 55); PIPL above CAC volumes (Art. 52); PIPEDA a designated individual (cl. 4.1).',
    recommendation:
      'Name one officer whose role meets every applicable law, and declare them under `dpo:` in compliance.yaml.',
    sources: [
      'GDPR Art. 37(1)',
      'LGPD Art. 41',
      'POPIA s 55',
      'PIPL Art. 52',
      'PIPEDA Sch. 1, cl. 4.1',
    ],
  },
];
