import type { LocaleDefinition } from '@faker-js/faker';
import { ENGLISH_VERBS, ENGLISH_WORDS } from './english-words';
import { CUE_WORDS, GERMAN_CAPITALISED } from './person-name-cues';
import { namesOf } from './fake-data';

/**
 * What the person-name finder knows about words: the given names and surnames of the faker locales
 * of the languages Confiture detects in (English, French, German, Spanish, Italian, Portuguese,
 * Dutch), and the words that make a capitalised word something else than a person: English words
 * (SCOWL), faker's word lists, months and weekdays, countries, cities and states, car makes, job
 * titles, street and company suffixes, and the courtesy titles of each locale.
 */

/** Faker locales whose names the finder knows: one per language that detection covers. */
export const NAME_LOCALES = ['en', 'fr', 'de', 'es', 'it', 'pt_PT', 'pt_BR', 'nl'] as const;

/** A given name in one of {@link NAME_LOCALES}. */
export const GIVEN = 1;
/** A surname in one of {@link NAME_LOCALES}. */
export const SURNAME = 2;
/** An English verb or modal, or a faker verb ("will", "mark", "grant"): never a name alone. */
export const VERB = 4;
/** Another common word ("rose", "customer"): a name only where the text says so. */
export const WORD = 8;
/** A country, city or state ("Paris", "Florence", "Georgia"). */
export const PLACE = 16;
/** A month or weekday in one of the languages ("May", "Juni", "Martes"). */
export const CALENDAR = 32;
/** A car make or a job title ("Jaguar", "Manager"). */
export const THING = 64;
/** A courtesy title that announces a name ("Mr", "Frau", "Mme", "Sra."). */
export const TITLE = 128;
/** A street type after a name ("Grant Street", "Victoria Road", "Goethestraße"). */
export const STREET = 256;
/** A company suffix ("Inc", "GmbH", "SARL"). */
export const COMPANY = 512;
/** A lower-case particle inside a surname ("van", "de la", "von der"). */
export const PARTICLE = 1024;

/** A greeting or sign-off word ("Hola", "Cheers", "Groeten"): a cue, not a name. */
export const CUE = 2048;

/** Flags that make a known name unlikely to be one on its own. */
export const STRONG_NON_NAME = VERB | PLACE | CALENDAR | THING | TITLE | STREET | COMPANY | CUE;

/** Lower case without accents: `Zoé` → `zoe`, the form every word is looked up in. */
export function lexiconKey(word: string): string {
  // Most words are plain ASCII: skip the normalisation then (it is the costly part).
  return isAscii(word)
    ? word.toLowerCase()
    : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7f) return false;
  return true;
}

// Particles and the long forms of titles are grammar, not data: faker lists the abbreviations.
const PARTICLES = 'van von de der den da di du del della dos das do le la ter ten zu y e af';
const LONG_TITLES =
  'mr mrs ms miss mister sir madam madame monsieur mademoiselle herr frau señor señora señorita senor senora signor signora signorina senhor senhora senhorita meneer mevrouw dhr mevr sig dott dottoressa sr sra srta dr dra prof ing avv';

/** The raw definitions of one faker locale (the locale's entry point merges in English). */
function localeData(locale: string): LocaleDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (
    require(`@faker-js/faker/locale/${locale}`) as { faker: { rawDefinitions: LocaleDefinition } }
  ).faker.rawDefinitions;
}

let lexicon: Map<string, number> | undefined;
let places: Set<string> | undefined;

/**
 * Places of several words ("San Francisco", "Los Angeles", "Rio de Janeiro") by their words'
 * {@link lexiconKey}s joined by a space: their words are not flagged one by one.
 */
export function multiWordPlaces(): ReadonlySet<string> {
  if (!places) {
    places = new Set();
    for (const locale of NAME_LOCALES) {
      const d = localeData(locale);
      for (const list of [d.location?.city_name, d.location?.state, d.location?.country]) {
        for (const place of strings(list)) {
          const words = place.split(/\s+/);
          if (words.length > 1) places.add(words.map(lexiconKey).join(' '));
        }
      }
    }
  }
  return places;
}

/** Flags of every word the finder knows, by {@link lexiconKey} (built on first use, ~5 MB). */
export function nameLexicon(): ReadonlyMap<string, number> {
  lexicon ??= buildLexicon();
  return lexicon;
}

function buildLexicon(): Map<string, number> {
  const map = new Map<string, number>();
  const add = (word: string, flag: number) => {
    const k = lexiconKey(word);
    if (k.length > 0) map.set(k, (map.get(k) ?? 0) | flag);
  };
  // Single words only: "San Antonio" and "Aston Martin" say nothing about Antonio or Martin.
  const addSingle = (text: unknown, flag: number) => {
    for (const w of strings(text)) if (/^[\p{L}'’-]+$/u.test(w)) add(w, flag);
  };
  const addWords = (text: unknown, flag: number) => {
    for (const w of strings(text))
      for (const part of w.split(/[\s&.,]+/)) if (part) add(part, flag);
  };
  for (const locale of NAME_LOCALES) {
    const d = localeData(locale);
    // "De la Cruz", "Jean-Pierre": each capitalised part is a name; particles stay particles.
    for (const name of namesOf(d.person?.first_name)) {
      for (const part of name.split(/[\s-]+/)) if (/^\p{Lu}/u.test(part)) add(part, GIVEN);
    }
    for (const name of namesOf(d.person?.last_name)) {
      for (const part of name.split(/[\s-]+/)) if (/^\p{Lu}/u.test(part)) add(part, SURNAME);
    }
    for (const prefix of strings(d.person?.prefix)) add(prefix.replace(/\.$/, ''), TITLE);
    // Wide forms only: "Jan" and "Sat" are abbreviations, and "Jan" a Dutch given name.
    addWords((d.date?.month as { wide?: unknown } | undefined)?.wide, CALENDAR);
    addWords((d.date?.weekday as { wide?: unknown } | undefined)?.wide, CALENDAR);
    addSingle(d.location?.country, PLACE);
    addSingle(d.location?.city_name, PLACE);
    addSingle(d.location?.state, PLACE);
    // French "suffixes" are whole street names ("de Paris", "Bonaparte"): only the prefixes count.
    if (locale !== 'fr') addWords(d.location?.street_suffix, STREET);
    addWords(d.location?.street_prefix, STREET);
    addWords(d.company?.legal_entity_type, COMPANY);
    // "Mercedes Benz", "Land Rover": the first word names the make ("Aston Martin" excepted).
    for (const make of strings(d.vehicle?.manufacturer)) {
      const first = make.split(' ')[0]!;
      if (make === first || (map.get(lexiconKey(first)) ?? 0) === 0) add(first, THING);
    }
    addWords(d.person?.job_type, THING);
    addWords(d.person?.job_area, THING);
    addWords(d.person?.job_descriptor, THING);
    const words = d.word as Record<string, unknown> | undefined;
    if (words) {
      for (const [part, list] of Object.entries(words)) {
        for (const w of strings(list)) {
          // A capitalised entry is a German noun: capitalised in any sentence, so no cue at all.
          add(w, part === 'verb' || /^\p{Lu}/u.test(w) ? VERB : WORD);
        }
      }
    }
  }
  for (const w of ENGLISH_WORDS.split(/\s+/)) add(w, WORD);
  for (const w of ENGLISH_VERBS.split(/\s+/)) add(w, VERB);
  for (const w of CUE_WORDS) add(w, CUE);
  for (const w of GERMAN_CAPITALISED) add(w, VERB);
  for (const w of PARTICLES.split(' ')) map.set(w, PARTICLE);
  for (const w of LONG_TITLES.split(' ')) add(w, TITLE);
  // Street words the address patterns know, in the languages faker lists no suffixes for.
  addWords(
    'Street Road Lane Avenue Drive Way Place Square Rue Allée Chemin Straße Strasse Weg Platz Gasse Calle Plaza Paseo Via Viale Piazza Corso Rua Travessa Largo Straat Laan Gracht Plein',
    STREET,
  );
  return map;
}

/** Every string inside a faker entry (a list, or lists by gender or by form). */
function strings(entry: unknown): string[] {
  if (typeof entry === 'string') return entry.includes('{{') ? [] : [entry];
  if (Array.isArray(entry)) return entry.flatMap(strings);
  if (entry && typeof entry === 'object') return Object.values(entry).flatMap(strings);
  return [];
}
