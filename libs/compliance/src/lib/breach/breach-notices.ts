import type { BreachNoticeRule } from '../catalog-schema';
import { getCatalog, regulationsForRegion } from '../catalog-registry';
import type { ComplianceConfig } from '../compliance-config';
import { computeDeadline, isPast, type Deadline } from '../deadlines';
import type { RegulationId } from '../regulation-id';
import { SEVERITIES, type Severity } from './breach-incident';
import type { IncidentRecord } from './breach-store';

/** Whether a notice is due: required, to be assessed against the law's threshold, or not required. */
export type Obligation = 'required' | 'assess' | 'not_required';

/** One notice an incident calls for under one regulation. */
export interface DueNotice {
  regulation: RegulationId;
  recipient: BreachNoticeRule['recipient'];
  to: string;
  obligation: Obligation;
  /** Why the obligation is what it is (the threshold, the subjects, the categories). */
  reason: string;
  deadline: Deadline;
  runsFrom: string;
  threshold: string;
  content: string[];
  source: string;
  /** When the notice was recorded as sent, if it was. */
  notifiedAt?: string;
  overdue: boolean;
}

/** The notices of one incident, per applicable regulation. */
export interface IncidentNotices {
  incident: IncidentRecord;
  computedAt: string;
  regulations: {
    regulation: RegulationId;
    name: string;
    regions: string[];
    notices: DueNotice[];
  }[];
  /** Regions for which no catalog applies. */
  uncovered: string[];
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

function obligationOf(
  rule: BreachNoticeRule,
  incident: IncidentRecord,
): { obligation: Obligation; reason: string } {
  const t = rule.threshold;
  if (t.minSubjects !== undefined && incident.subjects < t.minSubjects) {
    return {
      obligation: 'not_required',
      reason: `${incident.subjects} subjects, below the threshold: ${t.wording}`,
    };
  }
  if (t.categories && !incident.categories.some((c) => t.categories!.includes(c))) {
    return {
      obligation: 'assess',
      reason: `none of the recorded categories (${incident.categories.join(', ')}) is among those the rule names (${t.categories.join(', ')}): assess whether ${t.wording}`,
    };
  }
  if (t.risk === 'any') return { obligation: 'required', reason: t.wording };
  const needed = t.risk === 'risk' ? 'MEDIUM' : 'HIGH';
  if (rank(incident.severity) >= rank(needed)) {
    return { obligation: 'required', reason: `severity ${incident.severity} meets "${t.wording}"` };
  }
  return {
    obligation: 'assess',
    reason: `severity ${incident.severity}: assess whether ${t.wording}`,
  };
}

/**
 * The notices an incident calls for: for every regulation whose regions it touches, each notice
 * rule with its obligation, its deadline computed from the law's rule (in the law's time zone,
 * business days skipping the config's holidays), whether it was sent, and whether it is overdue.
 */
export function noticesFor(
  incident: IncidentRecord,
  options: { now?: Date; config?: ComplianceConfig } = {},
): IncidentNotices {
  const now = options.now ?? new Date();
  const byRegulation = new Map<RegulationId, string[]>();
  const uncovered: string[] = [];
  for (const region of incident.regions) {
    const ids = regulationsForRegion(region);
    if (ids.length === 0) uncovered.push(region);
    for (const id of ids) byRegulation.set(id, [...(byRegulation.get(id) ?? []), region]);
  }
  const regulations = [...byRegulation.entries()].map(([id, regions]) => {
    const catalog = getCatalog(id);
    const zone = { timeZone: catalog.timeZone, holidays: options.config?.holidays?.[id] ?? [] };
    const sent = (recipient: string) =>
      incident.notifications.find((n) => n.regulation === id && n.recipient === recipient)
        ?.notifiedAt;
    const notices: DueNotice[] = [];
    // Rules that run from the awareness first: a rule running from the subjects' notice needs it.
    const ordered = [...catalog.breach].sort(
      (a, b) => Number(a.runsFrom === 'subjects_notice') - Number(b.runsFrom === 'subjects_notice'),
    );
    for (const rule of ordered) {
      const { obligation, reason } = obligationOf(rule, incident);
      let deadline: Deadline;
      if (rule.runsFrom === 'subjects_notice') {
        const subjects = notices.find((n) => n.recipient === 'subjects');
        const base =
          subjects?.notifiedAt ??
          (subjects?.deadline.kind === 'fixed' ? subjects.deadline.dueAt : undefined);
        deadline = base
          ? computeDeadline(rule.deadline, base, zone)
          : {
              kind: 'none',
              text: `no fixed deadline: ${rule.runsFromWording}`,
              wording: rule.runsFromWording,
              source: rule.deadline.source,
            };
      } else {
        deadline = computeDeadline(rule.deadline, incident.detectedAt, zone);
      }
      const notifiedAt = sent(rule.recipient);
      notices.push({
        regulation: id,
        recipient: rule.recipient,
        to: rule.to,
        obligation,
        reason,
        deadline,
        runsFrom: rule.runsFromWording,
        threshold: rule.threshold.wording,
        content: rule.content,
        source: rule.source,
        ...(notifiedAt ? { notifiedAt } : {}),
        overdue: obligation !== 'not_required' && notifiedAt === undefined && isPast(deadline, now),
      });
    }
    return { regulation: id, name: catalog.name, regions, notices };
  });
  return { incident, computedAt: now.toISOString(), regulations, uncovered };
}
