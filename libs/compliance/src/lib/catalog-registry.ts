import { ConfitureError, formatYamlPath } from '@confiture/domain';
import {
  regulationCatalogSchema,
  type RegulationCatalog,
  type RegulationCatalogInput,
} from './catalog-schema';
import { AU_PRIVACY_CATALOG } from './catalogs/au-privacy';
import { CCPA_CATALOG } from './catalogs/ccpa';
import { GDPR_CATALOG } from './catalogs/gdpr';
import { LGPD_CATALOG } from './catalogs/lgpd';
import { PIPEDA_CATALOG } from './catalogs/pipeda';
import { PIPL_CATALOG } from './catalogs/pipl';
import { POPIA_CATALOG } from './catalogs/popia';
import { REGULATION_IDS, type RegulationId } from './regulation-id';

/** The catalog files as written, one per regulation. */
const SOURCES: Record<RegulationId, RegulationCatalogInput> = {
  gdpr: GDPR_CATALOG,
  ccpa: CCPA_CATALOG,
  pipeda: PIPEDA_CATALOG,
  lgpd: LGPD_CATALOG,
  pipl: PIPL_CATALOG,
  'au-privacy': AU_PRIVACY_CATALOG,
  popia: POPIA_CATALOG,
};

const parsed = new Map<RegulationId, RegulationCatalog>();

/**
 * Validates a catalog against {@link regulationCatalogSchema}, its ids unique; the error names the
 * catalog and the path of the first problem.
 */
export function validateCatalog(input: unknown, name: string): RegulationCatalog {
  const result = regulationCatalogSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfitureError(
      'INTERNAL',
      `catalog ${name}: ${formatYamlPath(issue.path as (string | number)[])} ${issue.message}`,
    );
  }
  const ids = new Set<string>();
  for (const requirement of result.data.requirements) {
    if (ids.has(requirement.id)) {
      throw new ConfitureError(
        'INTERNAL',
        `catalog ${name}: requirement id ${requirement.id} is used twice`,
      );
    }
    ids.add(requirement.id);
  }
  return result.data;
}

/** The validated catalog of one regulation. */
export function getCatalog(id: RegulationId): RegulationCatalog {
  let catalog = parsed.get(id);
  if (!catalog) {
    catalog = validateCatalog(SOURCES[id], id);
    if (catalog.id !== id)
      throw new ConfitureError('INTERNAL', `catalog ${id} declares id ${catalog.id}`);
    parsed.set(id, catalog);
  }
  return catalog;
}

/** Every catalog, in {@link REGULATION_IDS} order. */
export function allCatalogs(): RegulationCatalog[] {
  return REGULATION_IDS.map(getCatalog);
}

/** The regulations whose catalogs list `region` (ISO 3166 code, EU or EEA; `US-CA`, `BR`, ...). */
export function regulationsForRegion(region: string): RegulationId[] {
  const code = region.toUpperCase();
  const country = code.split('-')[0]!;
  return allCatalogs()
    .filter((catalog) => catalog.regions.includes(code) || catalog.regions.includes(country))
    .map((catalog) => catalog.id);
}
