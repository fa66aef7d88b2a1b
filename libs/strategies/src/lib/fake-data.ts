import type { LocaleDefinition } from '@faker-js/faker';

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

/**
 * Locales that have person names in faker's data. Listed here rather than computed, so that only
 * the locales a profile uses are loaded (all of faker's data is about 30 MB per worker thread);
 * the spec checks the list against faker's.
 */
export const FAKE_LOCALES = [
  'af_ZA',
  'ar',
  'az',
  'cs_CZ',
  'da',
  'de',
  'de_AT',
  'de_CH',
  'dv',
  'el',
  'en',
  'en_AU',
  'en_AU_ocker',
  'en_GH',
  'en_IN',
  'en_NG',
  'en_ZA',
  'eo',
  'es',
  'es_MX',
  'fa',
  'fi',
  'fr',
  'fr_BE',
  'fr_CH',
  'fr_SN',
  'he',
  'hr',
  'hu',
  'hy',
  'id_ID',
  'it',
  'ja',
  'ka_GE',
  'ko',
  'lv',
  'mk',
  'nb_NO',
  'ne',
  'nl',
  'nl_BE',
  'pl',
  'pt_BR',
  'pt_PT',
  'ro',
  'ro_MD',
  'ru',
  'sk',
  'sr_RS_latin',
  'sv',
  'th',
  'tr',
  'uk',
  'ur',
  'uz_UZ_latin',
  'vi',
  'yo_NG',
  'zh_CN',
  'zh_TW',
  'zu_ZA',
] as const;

/** The raw word lists of one faker locale, loaded on first use. */
function localeData(locale: string): LocaleDefinition | undefined {
  if (!(FAKE_LOCALES as readonly string[]).includes(locale)) return undefined;
  // A per-locale entry point: requiring '@faker-js/faker' itself would load every locale.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`@faker-js/faker/locale/${locale}`) as {
    faker: { rawDefinitions: LocaleDefinition };
  };
  return module.faker.rawDefinitions;
}

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

/** The distinct names of a faker name list (generic, or female and male). */
export function namesOf(entry: unknown): string[] {
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
  const data = localeData(locale);
  const en = localeData('en')!;
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

/**
 * A name of `pool` drawn from eight bytes of `bytes` at `offset`, among those with the initial of
 * `initialOfText` when given, and never `avoid` (the original).
 */
export function drawName(
  pool: readonly string[],
  byInitial: ReadonlyMap<string, readonly string[]>,
  bytes: string,
  offset: number,
  initialOfText: string | undefined,
  avoid?: string,
): string {
  const candidates = (initialOfText && byInitial.get(initialOf(initialOfText))) || pool;
  const index = drawIndex(bytes, offset, candidates.length);
  let chosen = candidates[index]!;
  if (chosen === avoid) {
    // Never the original: the next candidate, or the next name of the whole list.
    chosen =
      candidates.length > 1
        ? candidates[(index + 1) % candidates.length]!
        : pool[(pool.indexOf(chosen) + 1) % pool.length]!;
  }
  return chosen;
}
