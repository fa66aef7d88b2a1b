import { THEMES, type Theme } from './catalog-schema';
import { getCatalog } from './catalog-registry';
import { CONFLICTS, conflictSchema, type Conflict } from './catalogs/conflicts';
import { describeDeadlineRule, type DeadlineRule } from './deadline-rule';
import type { EvidenceKind } from './evidence-kind';
import type { RegulationId } from './regulation-id';
import type { ComplianceReport, RequirementStatus } from './report/report-schema';

/** What one regulation demands under one theme. */
export interface MatrixCell {
  regulation: RegulationId;
  requirements: {
    id: string;
    reference: string;
    title: string;
    source: string;
    status?: RequirementStatus;
  }[];
}

/** One theme across the chosen regulations. */
export interface MatrixTheme {
  theme: Theme;
  cells: MatrixCell[];
  /** The regulations with at least one requirement under this theme. */
  demandedBy: RegulationId[];
  /** Evidence kinds every demanding regulation asks for under this theme (intersection). */
  commonEvidence: EvidenceKind[];
  /** Evidence kinds any of them asks for (union): what to produce to satisfy them all. */
  allEvidence: EvidenceKind[];
}

/** The cross-regulation matrix of a set of regulations. */
export interface RegulationMatrix {
  regulations: { id: RegulationId; shortName: string; name: string }[];
  themes: MatrixTheme[];
  /** Themes every chosen regulation has requirements under. */
  intersection: Theme[];
  /** Themes at least one has requirements under. */
  union: Theme[];
  /** The strictest figures of the union: shortest fixed periods, and the laws with none. */
  strictest: {
    subject: string;
    fixed?: { regulation: RegulationId; rule: string; source: string };
    unfixed: { regulation: RegulationId; wording: string; source: string }[];
  }[];
  conflicts: Conflict[];
}

/** Rough length of a period in hours, only to order fixed deadlines. */
function approximateHours(rule: Exclude<DeadlineRule, { kind: 'no_fixed_deadline' }>): number {
  switch (rule.kind) {
    case 'hours':
      return rule.hours;
    case 'calendar_days':
      return rule.days * 24;
    case 'business_days':
      return (rule.days * 24 * 7) / 5;
    case 'months':
      return rule.months * 28 * 24;
  }
}

function strictestOf(
  subject: string,
  rules: { regulation: RegulationId; rule: DeadlineRule }[],
): RegulationMatrix['strictest'][number] {
  const fixed = rules
    .filter(
      (
        r,
      ): r is {
        regulation: RegulationId;
        rule: Exclude<DeadlineRule, { kind: 'no_fixed_deadline' }>;
      } => r.rule.kind !== 'no_fixed_deadline',
    )
    .sort((a, b) => approximateHours(a.rule) - approximateHours(b.rule))[0];
  return {
    subject,
    ...(fixed
      ? {
          fixed: {
            regulation: fixed.regulation,
            rule: describeDeadlineRule(fixed.rule),
            source: fixed.rule.source,
          },
        }
      : {}),
    unfixed: rules.flatMap((r) =>
      r.rule.kind === 'no_fixed_deadline'
        ? [{ regulation: r.regulation, wording: r.rule.wording, source: r.rule.source }]
        : [],
    ),
  };
}

/**
 * The cross-regulation matrix: requirements grouped by theme, which law demands what, the
 * intersection and union of themes and evidence, the strictest deadlines of the union, and the
 * known conflicts among the chosen laws with the recommended approach.
 */
export function buildMatrix(
  ids: readonly RegulationId[],
  options: { reports?: readonly ComplianceReport[] } = {},
): RegulationMatrix {
  const catalogs = ids.map(getCatalog);
  // With reports of a target, each requirement carries the status its evidence decided.
  const statusOf = (regulation: RegulationId, id: string) =>
    options.reports
      ?.find((r) => r.regulation.id === regulation)
      ?.requirements.find((r) => r.id === id)?.status;
  const themes = THEMES.map((theme) => {
    const cells = catalogs.map((catalog) => ({
      regulation: catalog.id,
      requirements: catalog.requirements
        .filter((r) => r.theme === theme)
        .map((r) => {
          const status = statusOf(catalog.id, r.id);
          return {
            id: r.id,
            reference: r.reference,
            title: r.title,
            source: r.source,
            ...(status ? { status } : {}),
          };
        }),
    }));
    const demanding = catalogs.filter((c) => c.requirements.some((r) => r.theme === theme));
    const evidenceOf = (catalogId: RegulationId) =>
      new Set(
        getCatalog(catalogId)
          .requirements.filter((r) => r.theme === theme)
          .flatMap((r) => r.evidence),
      );
    const sets = demanding.map((c) => evidenceOf(c.id));
    const all = [...new Set(sets.flatMap((set) => [...set]))].sort();
    return {
      theme,
      cells,
      demandedBy: demanding.map((c) => c.id),
      commonEvidence: all.filter((kind) => sets.every((set) => set.has(kind))),
      allEvidence: all,
    };
  });
  const rights = [...new Set(catalogs.flatMap((c) => c.rights.map((r) => r.right)))];
  const recipients = ['authority', 'subjects'] as const;
  return {
    regulations: catalogs.map((c) => ({ id: c.id, shortName: c.shortName, name: c.name })),
    themes,
    intersection: themes.filter((t) => t.demandedBy.length === catalogs.length).map((t) => t.theme),
    union: themes.filter((t) => t.demandedBy.length > 0).map((t) => t.theme),
    strictest: [
      ...recipients.map((recipient) =>
        strictestOf(
          `breach notice to ${recipient}`,
          catalogs.flatMap((c) =>
            c.breach
              .filter((b) => b.recipient === recipient && b.runsFrom === 'awareness')
              .map((b) => ({ regulation: c.id, rule: b.deadline })),
          ),
        ),
      ),
      ...rights.map((right) =>
        strictestOf(
          `${right} request`,
          catalogs.flatMap((c) =>
            c.rights
              .filter((r) => r.right === right)
              .map((r) => ({ regulation: c.id, rule: r.deadline })),
          ),
        ),
      ),
    ],
    conflicts: CONFLICTS.map((c) => conflictSchema.parse(c)).filter((conflict) => {
      const involved = conflict.regulations.filter((r) => ids.includes(r));
      return involved.length >= 2 || (conflict.alone && involved.length >= 1);
    }),
  };
}
