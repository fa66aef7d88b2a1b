import { allLocales, type LocaleDefinition } from '@faker-js/faker';

/** Word lists of one locale, taken from @faker-js/faker's locale data (English fills the gaps). */
export interface FakePools {
  firstNames: readonly string[];
  lastNames: readonly string[];
  cities: readonly string[];
  states: readonly string[];
  streetSuffixes: readonly string[];
  companySuffixes: readonly string[];
  /** Pools by upper-cased initial, for `preserve_initial`. */
  firstByInitial: ReadonlyMap<string, readonly string[]>;
  lastByInitial: ReadonlyMap<string, readonly string[]>;
}

/** Locales that have person names in faker's data. */
export const FAKE_LOCALES = Object.keys(allLocales).filter((code) =>
  hasNames(allLocales[code as keyof typeof allLocales]),
) as [string, ...string[]];

const cache = new Map<string, FakePools>();

/** The pools of `locale` (built once, then cached). */
export function fakePools(locale: string): FakePools {
  let pools = cache.get(locale);
  if (!pools) {
    pools = buildPools(locale);
    cache.set(locale, pools);
  }
  return pools;
}

/** An index in [0, length) from four bytes of a latin1 digest starting at `offset`. */
export function drawIndex(bytes: string, offset: number, length: number): number {
  const n =
    bytes.charCodeAt(offset % 32) * 0x1000000 +
    ((bytes.charCodeAt((offset + 1) % 32) << 16) |
      (bytes.charCodeAt((offset + 2) % 32) << 8) |
      bytes.charCodeAt((offset + 3) % 32));
  return n % length;
}

/** Lower-case ASCII letters and digits of `text` (accents stripped), for emails and usernames. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function hasNames(locale: LocaleDefinition | undefined): boolean {
  return (
    namesOf(locale?.person?.first_name).length > 0 && namesOf(locale?.person?.last_name).length > 0
  );
}

function namesOf(entry: unknown): string[] {
  if (!entry || typeof entry !== 'object') return [];
  const e = entry as { generic?: string[]; female?: string[]; male?: string[] };
  const names = e.generic ?? [...(e.female ?? []), ...(e.male ?? [])];
  return [...new Set(names.filter((n) => typeof n === 'string' && n.length > 0))];
}

function list(value: unknown, fallback: unknown): string[] {
  const pick = (v: unknown) =>
    Array.isArray(v)
      ? v.filter((s): s is string => typeof s === 'string' && !s.includes('{{'))
      : [];
  const own = pick(value);
  return own.length > 0 ? own : pick(fallback);
}

function byInitial(names: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const name of names) {
    const initial = initialOf(name);
    const bucket = map.get(initial);
    if (bucket) bucket.push(name);
    else map.set(initial, [name]);
  }
  return map;
}

/** The first code point of `text`, upper-cased. */
export function initialOf(text: string): string {
  const first = text.trimStart().codePointAt(0);
  return first === undefined ? '' : String.fromCodePoint(first).toUpperCase();
}

function buildPools(locale: string): FakePools {
  const data = allLocales[locale as keyof typeof allLocales] as LocaleDefinition | undefined;
  const en = allLocales.en;
  const firstNames = namesOf(data?.person?.first_name);
  const lastNames = namesOf(data?.person?.last_name);
  return {
    firstNames: firstNames.length > 0 ? firstNames : namesOf(en.person?.first_name),
    lastNames: lastNames.length > 0 ? lastNames : namesOf(en.person?.last_name),
    cities: list(data?.location?.city_name, en.location?.city_name),
    states: list(data?.location?.state, en.location?.state),
    streetSuffixes: list(data?.location?.street_suffix, en.location?.street_suffix),
    companySuffixes: list(data?.company?.legal_entity_type, en.company?.legal_entity_type),
    firstByInitial: byInitial(firstNames.length > 0 ? firstNames : namesOf(en.person?.first_name)),
    lastByInitial: byInitial(lastNames.length > 0 ? lastNames : namesOf(en.person?.last_name)),
  };
}
