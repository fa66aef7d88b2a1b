import type { LocaleDefinition } from '@faker-js/faker';
import { namesOf } from '../fake-data';
import { GIVEN, lexiconKey, nameLexicon, SURNAME } from '../person-name-lexicon';
import { CORPUS_LANGUAGES, HELD_OUT_NAMES, TEMPLATES, type CorpusLanguage } from './templates';

/** A labelled name in a corpus text; `heldOut` when the finder's data does not list it. */
export interface GoldName {
  start: number;
  end: number;
  heldOut: boolean;
}

/** One labelled text of the corpus. */
export interface CorpusText {
  language: CorpusLanguage;
  kind: 'named' | 'lookalike' | 'plain' | 'handwritten';
  text: string;
  names: GoldName[];
  /** Sentences in the text. */
  sentences: number;
}

/** Faker locales whose names the corpus draws for each language (the finder knows them). */
const OWN_LOCALES: Record<CorpusLanguage, readonly string[]> = {
  en: ['en'],
  fr: ['fr'],
  de: ['de'],
  es: ['es'],
  it: ['it'],
  pt: ['pt_PT', 'pt_BR'],
  nl: ['nl'],
};

/** Faker locales the finder does not read: the source of held-out names, with HELD_OUT_NAMES. */
const OTHER_LOCALES = [
  'pl',
  'sv',
  'fi',
  'hu',
  'cs_CZ',
  'tr',
  'ro',
  'hr',
  'nb_NO',
  'da',
  'sk',
  'lv',
  'af_ZA',
  'zu_ZA',
  'yo_NG',
  'id_ID',
];

const SIMPLE_NAME = /^\p{Lu}[\p{Ll}'’]+$/u;
const LATIN = /^[\p{Script=Latin}'’]+$/u;

/** A small seeded generator (mulberry32): the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function localeData(locale: string): LocaleDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (
    require(`@faker-js/faker/locale/${locale}`) as { faker: { rawDefinitions: LocaleDefinition } }
  ).faker.rawDefinitions;
}

interface Pool {
  first: string[];
  last: string[];
}

function ownPool(language: CorpusLanguage): Pool {
  const first = new Set<string>();
  const last = new Set<string>();
  for (const locale of OWN_LOCALES[language]) {
    const d = localeData(locale);
    namesOf(d.person?.first_name)
      .filter((n) => SIMPLE_NAME.test(n))
      .forEach((n) => first.add(n));
    namesOf(d.person?.last_name)
      .filter((n) => SIMPLE_NAME.test(n))
      .forEach((n) => last.add(n));
  }
  return { first: [...first].sort(), last: [...last].sort() };
}

/** Whether the finder's data lists `word` as a given name or surname. */
function known(word: string): boolean {
  return ((nameLexicon().get(lexiconKey(word)) ?? 0) & (GIVEN | SURNAME)) !== 0;
}

let heldOut: Pool | undefined;
function heldOutPool(): Pool {
  if (heldOut) return heldOut;
  const first = new Set<string>(HELD_OUT_NAMES.map((n) => n.first));
  const last = new Set<string>(HELD_OUT_NAMES.map((n) => n.last));
  for (const locale of OTHER_LOCALES) {
    const d = localeData(locale);
    const keep = (n: string) => SIMPLE_NAME.test(n) && LATIN.test(n) && !known(n);
    namesOf(d.person?.first_name)
      .filter(keep)
      .forEach((n) => first.add(n));
    namesOf(d.person?.last_name)
      .filter(keep)
      .forEach((n) => last.add(n));
  }
  heldOut = {
    first: [...first].filter((n) => !known(n)).sort(),
    last: [...last].filter((n) => !known(n)).sort(),
  };
  return heldOut;
}

/** Texts per language: named sentences, pairs of look-alike sentences, pairs of plain ones. */
const COUNTS = { named: 220, lookalike: 60, plain: 20 };
/** Share of named sentences whose names are held out. */
const HELD_OUT_SHARE = 0.3;

/** The labelled corpus: generated from the templates with a fixed seed, plus hand-written texts. */
export function buildCorpus(): CorpusText[] {
  const texts: CorpusText[] = [];
  CORPUS_LANGUAGES.forEach((language, index) => {
    const next = random(0x5eed + index);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const own = ownPool(language);
    const other = heldOutPool();
    const templates = TEMPLATES[language];
    for (let n = 0; n < COUNTS.named; n++) {
      const template = templates.named[n % templates.named.length]!;
      const held = next() < HELD_OUT_SHARE;
      const pool = held ? other : own;
      texts.push({ language, kind: 'named', ...fill(template, pool, held, pick), sentences: 1 });
    }
    for (const [kind, list] of [
      ['lookalike', templates.lookalike],
      ['plain', templates.plain],
    ] as const) {
      for (let n = 0; n < COUNTS[kind]; n++) {
        const a = pick(list);
        const b = pick(list);
        texts.push({
          language,
          kind,
          text: `${a}${next() < 0.5 ? ' ' : '\n'}${b}`,
          names: [],
          sentences: 2,
        });
      }
    }
    for (const marked of templates.handwritten) {
      texts.push({ language, kind: 'handwritten', ...unmark(marked), sentences: 1 });
    }
  });
  return texts;
}

function fill(
  template: string,
  pool: Pool,
  held: boolean,
  pick: <T>(items: readonly T[]) => T,
): { text: string; names: GoldName[] } {
  let text = '';
  const names: GoldName[] = [];
  let from = 0;
  for (const m of template.matchAll(/\{([FLNI])\}/g)) {
    text += template.slice(from, m.index);
    const first = pick(pool.first);
    const last = pick(pool.last);
    const value =
      m[1] === 'F'
        ? first
        : m[1] === 'L'
          ? last
          : m[1] === 'N'
            ? `${first} ${last}`
            : `${first[0]}. ${last}`;
    names.push({ start: text.length, end: text.length + value.length, heldOut: held });
    text += value;
    from = m.index + m[0].length;
  }
  return { text: text + template.slice(from), names };
}

function unmark(marked: string): { text: string; names: GoldName[] } {
  let text = '';
  const names: GoldName[] = [];
  let from = 0;
  for (const m of marked.matchAll(/\[\[([^\]]+)\]\]/g)) {
    text += marked.slice(from, m.index);
    const name = m[1]!;
    const heldOut = name
      .split(/[\s.]+/)
      .some((w) => w.length > 0 && /^\p{Lu}/u.test(w) && !known(w));
    names.push({ start: text.length, end: text.length + name.length, heldOut });
    text += name;
    from = m.index + m[0].length;
  }
  return { text: text + marked.slice(from), names };
}
