import { allCatalogs, getCatalog, regulationsForRegion, validateCatalog } from './catalog-registry';
import { GDPR_CATALOG } from './catalogs/gdpr';
import type { DeadlineRule } from './deadline-rule';
import { REGULATION_IDS } from './regulation-id';

function figures(rule: DeadlineRule | undefined): DeadlineRule[] {
  return rule ? [rule] : [];
}

describe('regulation catalogs', () => {
  it.each(REGULATION_IDS)('%s validates against the catalog schema', (id) => {
    const catalog = getCatalog(id);
    expect(catalog.id).toBe(id);
    expect(catalog.requirements.length).toBeGreaterThanOrEqual(8);
    expect(catalog.rights.length).toBeGreaterThanOrEqual(1);
    expect(catalog.breach.some((b) => b.recipient === 'authority')).toBe(true);
    expect(catalog.breach.some((b) => b.recipient === 'subjects')).toBe(true);
  });

  it.each(REGULATION_IDS)('%s cites the law for every requirement and every figure', (id) => {
    const catalog = getCatalog(id);
    for (const requirement of catalog.requirements)
      expect(requirement.source.length).toBeGreaterThan(5);
    const rules = [
      ...catalog.rights.flatMap((r) => [r.deadline, ...figures(r.extension?.by)]),
      ...catalog.breach.map((b) => b.deadline),
    ];
    for (const rule of rules) expect(rule.source).toMatch(/(Art\.|§|s\.? ?\d|APP|Res|Regs|cl\.)/);
  });

  it('fails a requirement without a source, naming the catalog and path', () => {
    const broken = structuredClone(GDPR_CATALOG) as unknown as {
      requirements: Record<string, unknown>[];
    };
    delete broken.requirements[2]!['source'];
    expect(() => validateCatalog(broken, 'gdpr-broken')).toThrow(
      'catalog gdpr-broken: requirements[2].source',
    );
  });

  it('fails a figure whose source is empty', () => {
    const broken = structuredClone(GDPR_CATALOG) as unknown as {
      breach: { deadline: { source: string } }[];
    };
    broken.breach[0]!.deadline.source = ' ';
    expect(() => validateCatalog(broken, 'gdpr')).toThrow(
      /breach\[0\]\.deadline\.source every requirement and figure cites the law/,
    );
  });

  it('encodes a law without a number as its words, never as a figure', () => {
    const pipl = getCatalog('pipl').breach.find((b) => b.recipient === 'authority')!;
    expect(pipl.deadline).toEqual(
      expect.objectContaining({ kind: 'no_fixed_deadline', wording: 'immediately (立即)' }),
    );
    const pipeda = getCatalog('pipeda').breach.find((b) => b.recipient === 'authority')!;
    expect(pipeda.deadline).toEqual(
      expect.objectContaining({
        kind: 'no_fixed_deadline',
        wording:
          'as soon as feasible after the organization determines that the breach has occurred',
      }),
    );
  });

  it('keeps the figures of the laws', () => {
    expect(getCatalog('gdpr').breach[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'hours', hours: 72 }),
    );
    expect(getCatalog('gdpr').rights[0]).toEqual(
      expect.objectContaining({
        deadline: expect.objectContaining({ kind: 'months', months: 1 }),
        extension: expect.objectContaining({ by: expect.objectContaining({ months: 2 }) }),
      }),
    );
    expect(getCatalog('ccpa').rights[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'calendar_days', days: 45 }),
    );
    expect(getCatalog('pipeda').rights[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'calendar_days', days: 30 }),
    );
    expect(getCatalog('lgpd').breach.map((b) => b.deadline)).toEqual([
      expect.objectContaining({ kind: 'business_days', days: 3 }),
      expect.objectContaining({ kind: 'business_days', days: 3 }),
    ]);
    expect(getCatalog('lgpd').rights[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'calendar_days', days: 15 }),
    );
    expect(getCatalog('au-privacy').breach[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'calendar_days', days: 30 }),
    );
    expect(getCatalog('popia').rights[0]!.deadline).toEqual(
      expect.objectContaining({ kind: 'calendar_days', days: 30 }),
    );
  });

  it('maps regions to the regulations that protect their residents', () => {
    expect(regulationsForRegion('DE')).toEqual(['gdpr']);
    expect(regulationsForRegion('eu')).toEqual(['gdpr']);
    expect(regulationsForRegion('US-CA')).toEqual(['ccpa']);
    expect(regulationsForRegion('US-NY')).toEqual([]);
    expect(regulationsForRegion('CA-QC')).toEqual(['pipeda']);
    expect(regulationsForRegion('BR')).toEqual(['lgpd']);
    expect(regulationsForRegion('AU')).toEqual(['au-privacy']);
    expect(regulationsForRegion('JP')).toEqual([]);
  });

  it('lists all seven in order', () => {
    expect(allCatalogs().map((c) => c.id)).toEqual([...REGULATION_IDS]);
  });
});
