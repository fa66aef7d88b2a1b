import {
  DASH_BEFORE,
  DETERMINERS,
  ENGLISH_MARKERS,
  GERMAN_MARKERS,
  GREETING_BEFORE,
  INTRODUCTION_BEFORE,
  PERSON_WORD_BEFORE,
  PLACE_WORD_BEFORE,
  SIGN_OFF_BEFORE,
} from './person-name-cues';
import {
  CALENDAR,
  COMPANY,
  CUE,
  GIVEN,
  lexiconKey,
  multiWordPlaces,
  nameLexicon,
  PARTICLE,
  PLACE,
  STREET,
  STRONG_NON_NAME,
  SURNAME,
  THING,
  TITLE,
  VERB,
  WORD,
} from './person-name-lexicon';

/**
 * How the finder weighs doubt. `recall` (text_scrub): a capitalised word the text presents as a
 * person is a name even when the lexicon does not know it. `precision` (the leak scan and PII
 * detection): only names the lexicon knows, or that a title or an introduction announces.
 */
export type NameTuning = 'recall' | 'precision';

/** The role of one word of a found name, for replacing it with a fake of the same role. */
export type NamePartRole = 'given' | 'surname' | 'initial';

/** One word of a found name: UTF-16 span and role. */
export interface NamePart {
  start: number;
  end: number;
  role: NamePartRole;
}

/** A person name found in a text: its UTF-16 span and words (never its value). */
export interface NameMatch {
  start: number;
  end: number;
  parts: NamePart[];
}

interface Token {
  start: number;
  end: number;
  text: string;
  flags: number;
  capital: boolean;
  initial: boolean;
  /** First word of a sentence, a line or the text. */
  sentenceStart: boolean;
}

// A word: letters and marks, with inner apostrophes and hyphens ("O'Brien", "Jean-Pierre").
const WORD_PATTERN = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const ELISION = /^(?:d|l|j|qu|dell|dall|nell|sull|all|s)['’](?=\p{Lu})/iu;
const POSSESSIVE = /['’]s$/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

/**
 * Finds person names in free text: given names and surnames of seven languages' faker data,
 * combined with capitalisation and the cues of real text (titles such as Mr/Frau/Mme/Sra.,
 * "my name is"/"je m'appelle"/"ich heiße", greetings "Hi Anna," and "Dear Mr Smith", signatures
 * "Best, Tom", initials). Words that are also common words, months, places or makes ("Will",
 * "May", "Florence", "Jaguar", "Grant Street") count only where the text says they are a person.
 * Names written in lower case are not found.
 */
export function findPersonNames(text: string, tuning: NameTuning = 'recall'): NameMatch[] {
  // Every name starts with a capital letter: most values of a column have none past the first.
  if (!hasCapital(text)) return [];
  const tokens = tokenize(text);
  const context: RunContext = {
    recall: tuning === 'recall',
    german: marked(tokens, GERMAN_MARKERS),
    english: marked(tokens, ENGLISH_MARKERS),
  };
  const found: NameMatch[] = [];
  for (let i = 0; i < tokens.length;) {
    const run = runFrom(tokens, i, text);
    if (run.length === 0) {
      i++;
      continue;
    }
    found.push(...namesInRun(text, tokens, i, run, context));
    i += run.length;
  }
  return found;
}

/** How one text is read: the tuning, and whether it is German (where nouns are capitalised). */
interface RunContext {
  recall: boolean;
  german: boolean;
  /** English: its dictionary tells unlisted names from words ("Kowalczyk" from "Customer"). */
  english: boolean;
}

/** Whether at least two words of the text are among `markers` (lower-case function words). */
function marked(tokens: readonly Token[], markers: ReadonlySet<string>): boolean {
  let seen = 0;
  for (const t of tokens) if (markers.has(t.text.toLowerCase()) && ++seen >= 2) return true;
  return false;
}

function hasCapital(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c >= 0xc0 && UPPER.test(text[i]!)) return true;
  }
  return false;
}

function tokenize(text: string): Token[] {
  const lexicon = nameLexicon();
  const tokens: Token[] = [];
  WORD_PATTERN.lastIndex = 0;
  for (let m = WORD_PATTERN.exec(text); m !== null; m = WORD_PATTERN.exec(text)) {
    let start = m.index;
    let word = m[0];
    const elided = ELISION.exec(word);
    if (elided) {
      start += elided[0].length;
      word = word.slice(elided[0].length);
    }
    if (POSSESSIVE.test(word) && word.length > 3) word = word.slice(0, -2);
    const end = start + word.length;
    // "I" and "A" are words; "IBAN" and "SSN" are acronyms: neither is a name.
    const capital = word.length > 1 && UPPER.test(word[0]!) && LOWER.test(word.slice(1));
    const initial = word.length === 1 && UPPER.test(word) && text[end] === '.';
    tokens.push({
      start,
      end,
      text: word,
      flags:
        capital || initial || !LOWER.test(word[0]!)
          ? flagsOf(lexicon, word)
          : flagsOfLower(lexicon, word),
      capital: capital && !initial,
      initial,
      sentenceStart: startsSentence(text, m.index, tokens[tokens.length - 1]),
    });
  }
  return tokens;
}

/** Flags of a lower-case word: whether it is a particle ("van"), a title ("mevr.") or a street ("rue"). */
function flagsOfLower(lexicon: ReadonlyMap<string, number>, word: string): number {
  return (lexicon.get(lexiconKey(word)) ?? 0) & (PARTICLE | TITLE | STREET);
}

function flagsOf(lexicon: ReadonlyMap<string, number>, word: string): number {
  const k = lexiconKey(word);
  const own = lexicon.get(k);
  // A capitalised particle starts a surname ("De Vries", "Di Stefano") or a sentence ("De nada").
  if (own !== undefined) return own;
  if (word.includes('-')) {
    // "Jean-Pierre", "Smith-Jones": a name when every part is one.
    const parts = k.split('-').map((p) => lexicon.get(p) ?? 0);
    let names = GIVEN | SURNAME;
    for (const flags of parts) names &= flags;
    return names;
  }
  // Dutch and German streets are compounds: "Kerkstraat", "Goethestraße".
  if (COMPOUND_STREET.test(k)) return STREET;
  // English inflections of common words: "Customers", "Marked".
  for (const suffix of ['s', 'es', 'ed', 'ing', 'ly']) {
    if (k.length > suffix.length + 2 && k.endsWith(suffix)) {
      const base = lexicon.get(k.slice(0, -suffix.length));
      if (base !== undefined && (base & (WORD | VERB)) !== 0) return WORD;
    }
  }
  return 0;
}

const COMPOUND_STREET =
  /..(?:straat|strasse|straße|weg|laan|gracht|plein|platz|gasse|allee|ring|damm|steeg|kade)$/u;

function startsSentence(text: string, index: number, previous: Token | undefined): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'“”‘’«»([*•>–—-]/u.test(text[i]!)) {
    if (text[i] === '\n') return true;
    i--;
  }
  if (i < 0) return true;
  const c = text[i]!;
  if (c === '.') {
    // "Dr. Smith", "J. R. Smith": the dot ends a title or an initial, not a sentence.
    return !(
      previous &&
      previous.end === i &&
      (previous.initial || (previous.flags & TITLE) !== 0)
    );
  }
  return c === '!' || c === '?' || c === ':' || c === ';';
}

/** Indices of the run of name-like tokens starting at `i` ([] when token i starts none). */
function runFrom(tokens: readonly Token[], i: number, text: string): number[] {
  const first = tokens[i]!;
  if (!isNameLike(first) || (first.flags & (TITLE | CUE)) !== 0) return [];
  const run = [i];
  for (let j = i + 1; j < tokens.length; j++) {
    const previous = tokens[j - 1]!;
    const token = tokens[j]!;
    const gap = text.slice(previous.end, token.start);
    const joined = gap === ' ' || (previous.initial && (gap === '. ' || gap === '.'));
    if (!joined) break;
    if (isNameLike(token) && (token.flags & (TITLE | CUE)) === 0) {
      run.push(j);
      continue;
    }
    // A particle joins only between capitalised words: "Ana de la Cruz", "Jan van der Berg".
    if ((token.flags & PARTICLE) !== 0) {
      let k = j;
      while (k < tokens.length && (tokens[k]!.flags & PARTICLE) !== 0 && k - j < 3) k++;
      const next = tokens[k];
      if (next && isNameLike(next) && text.slice(tokens[k - 1]!.end, next.start) === ' ') {
        for (let p = j; p <= k; p++) run.push(p);
        j = k;
        continue;
      }
    }
    break;
  }
  return run;
}

function isNameLike(token: Token): boolean {
  return token.capital || token.initial;
}

const isParticle = (t: Token) => (t.flags & PARTICLE) !== 0;

/** What the text just before a run says about it. */
interface Cues {
  /** A title or an introduction: whatever follows is a name. */
  announced: boolean;
  /** A greeting, sign-off or dash signature: a name if it is not a common word. */
  addressed: boolean;
  /** A word after which people are named ("with", "asked"). */
  personWord: boolean;
  /** A preposition of place. */
  placeWord: boolean;
}

function cuesBefore(text: string, tokens: readonly Token[], i: number): Cues {
  const token = tokens[i]!;
  const previous = tokens[i - 1];
  const title =
    previous !== undefined &&
    (previous.flags & TITLE) !== 0 &&
    /^\.?\s$/.test(text.slice(previous.end, token.start));
  const before = text.slice(Math.max(0, token.start - 40), token.start).toLowerCase();
  const isLast = /^[\s.,!?;:)"'”’]*$/.test(
    text.slice(tokenEndOfRun(tokens, i), tokenEndOfRun(tokens, i) + 4),
  );
  return {
    announced: title || INTRODUCTION_BEFORE.test(before),
    addressed:
      GREETING_BEFORE.test(before) ||
      SIGN_OFF_BEFORE.test(before) ||
      (isLast && DASH_BEFORE.test(before)),
    personWord: PERSON_WORD_BEFORE.test(before),
    placeWord: PLACE_WORD_BEFORE.test(before),
  };
}

function tokenEndOfRun(tokens: readonly Token[], i: number): number {
  return tokens[i]!.end;
}

/** The names inside one run of capitalised words (and particles) starting at token `first`. */
function namesInRun(
  text: string,
  tokens: readonly Token[],
  first: number,
  run: readonly number[],
  context: RunContext,
): NameMatch[] {
  const { recall, german } = context;
  const cues = cuesBefore(text, tokens, first);
  const words = run.map((i) => tokens[i]!);
  if (
    !cues.announced &&
    (afterStreet(tokens, first) ||
      afterDeterminer(text, tokens, first, run.length) ||
      isPlace(words))
  ) {
    return [];
  }
  // A lone word after "in", "à", "nach": a place as often as a person; the leak scan passes.
  if (!recall && run.length === 1 && cues.placeWord && !cues.announced && !cues.addressed)
    return [];
  // A street or company after the run makes it one: "Grant Street", "Martin & Fils SARL".
  const next = tokens[first + run.length];
  const nextJoined =
    next !== undefined && text.slice(words[words.length - 1]!.end, next.start) === ' ';
  let end = words.length;
  while (end > 0 && (words[end - 1]!.flags & (STREET | COMPANY)) !== 0) end--;
  if (
    end < words.length ||
    (nextJoined && next.capital && (next.flags & (STREET | COMPANY)) !== 0)
  ) {
    if (end === words.length || !cues.announced) return [];
  }
  const found: NameMatch[] = [];
  let i = 0;
  // The first word may be announced: "Mr Will", "Frau Sommer", "Hi Anna,".
  if (end > 0 && acceptsFirst(words, end, cues, recall, context.english)) {
    const taken = extend(words, 0, end, true, recall);
    found.push(match(words, 0, taken));
    i = taken;
  }
  for (; i < end; i++) {
    if (!isAnchor(words, i, end, context)) continue;
    const taken = extend(words, i, end, false, recall && !german);
    found.push(match(words, i, taken));
    i = taken - 1;
  }
  return found;
}

const isGiven = (t: Token) => (t.flags & GIVEN) !== 0;
const isSurname = (t: Token) => (t.flags & SURNAME) !== 0;
const isKnown = (t: Token) => (t.flags & (GIVEN | SURNAME)) !== 0;
const isStrong = (t: Token) => (t.flags & STRONG_NON_NAME) !== 0;
const isCommon = (t: Token) => (t.flags & (WORD | VERB)) !== 0;
/** A capitalised word the lexicon does not know at all (an unlisted surname, or a brand). */
const isUnknown = (t: Token) => t.capital && t.flags === 0;

/** Whether the cues before the run make its first word a name. */
function acceptsFirst(
  words: readonly Token[],
  end: number,
  cues: Cues,
  recall: boolean,
  english: boolean,
): boolean {
  const t = words[0]!;
  if (t.initial) return cues.announced;
  if (cues.announced) {
    // After a title anything capitalised is a name; after "I am" a known name or unknown word.
    return isKnown(t) || isUnknown(t) || (!isCommon(t) && (t.flags & (CALENDAR | PLACE)) === 0);
  }
  if (cues.addressed) {
    if (isKnown(t) && (t.flags & (CALENDAR | THING | STREET | COMPANY)) === 0) return true;
    return recall && english && isUnknown(t) && end <= 3;
  }
  if (cues.personWord && !t.sentenceStart && recall && !cues.placeWord) {
    // "spoke with Will", "asked Mark": a known name, even one that is a word, after such a word.
    return isKnown(t) && (t.flags & (CALENDAR | PLACE | THING | STREET | COMPANY | TITLE)) === 0;
  }
  if (cues.personWord && !t.sentenceStart && recall && cues.placeWord) {
    // "to", "from": a person unless the word is a place ("flew to Florence").
    return isKnown(t) && (t.flags & (CALENDAR | PLACE | THING | STREET | COMPANY | TITLE)) === 0;
  }
  return false;
}

/** Whether the run is a place of several words ("San Francisco", "Rio de Janeiro"). */
function isPlace(words: readonly Token[]): boolean {
  return words.length > 1 && multiWordPlaces().has(words.map((w) => lexiconKey(w.text)).join(' '));
}

/** Whether the run follows a street word: "rue Victor Hugo", "Avenue des Champs-Élysées". */
function afterStreet(tokens: readonly Token[], first: number): boolean {
  let k = first - 1;
  while (k >= 0 && k >= first - 3 && (tokens[k]!.flags & PARTICLE) !== 0) k--;
  const t = tokens[k];
  return t !== undefined && (t.flags & STREET) !== 0 && (t.flags & (GIVEN | SURNAME)) === 0;
}

/** A single capitalised word right after a determiner: "the Florence office", "die Rose". */
function afterDeterminer(
  text: string,
  tokens: readonly Token[],
  first: number,
  length: number,
): boolean {
  const previous = tokens[first - 1];
  if (length > 1 || !previous || text.slice(previous.end, tokens[first]!.start) !== ' ')
    return false;
  return DETERMINER_SET.has(previous.text.toLowerCase());
}

const DETERMINER_SET = new Set(DETERMINERS);

/** Whether word `i` starts a name without any cue. */
function isAnchor(words: readonly Token[], i: number, end: number, context: RunContext): boolean {
  const { recall, german } = context;
  const t = words[i]!;
  const next = i + 1 < end ? words[i + 1] : undefined;
  if (t.initial) {
    // "J. Smith", "J. R. R. Tolkien".
    let k = i;
    while (k < end && words[k]!.initial) k++;
    const after = words[k];
    return after !== undefined && k < end && (isSurname(after) || (recall && isUnknown(after)));
  }
  if (isGiven(t)) {
    if (!isStrong(t) && !isCommon(t)) return true;
    // A given name that is also a word: a name when a known surname follows ("Will Smith").
    if (next && isSurname(next) && !isStrong(next))
      return (t.flags & (CALENDAR | STREET | COMPANY | TITLE)) === 0;
    if (next && isGiven(next) && isSurname(next))
      return (t.flags & (CALENDAR | STREET | COMPANY | TITLE)) === 0;
    // Only a common noun (not a verb, place or month), in the middle of a sentence: "ask John".
    return recall && !isStrong(t) && !t.sentenceStart;
  }
  if ((isUnknown(t) || isParticle(t)) && next && isParticle(next)) {
    // "Pieter van den Berg", "De la Cruz": particles belong to surnames.
    let k = i + 1;
    while (k < end && isParticle(words[k]!)) k++;
    const after = words[k];
    return after !== undefined && k < end && isSurname(after) && !isStrong(after);
  }
  if (isSurname(t) && !isStrong(t) && !isCommon(t)) {
    // Two surnames ("García López") are a name; a surname alone in mid-sentence only for recall.
    if (next && isSurname(next) && !isStrong(next)) return true;
    // German capitalises nouns: a lone surname there ("im Sommer", "der Koch") needs a cue.
    return recall && !german && !t.sentenceStart;
  }
  // Recall, in English: an unlisted capitalised word in mid-sentence is a proper noun, most often
  // a person's name in support text (places, makes and English words are known).
  if (recall && context.english && !german && isUnknown(t) && !t.sentenceStart) return true;
  return false;
}

/** The end (exclusive) of the name that starts at word `i`. */
function extend(
  words: readonly Token[],
  i: number,
  end: number,
  announced: boolean,
  recall: boolean,
): number {
  let k = i + 1;
  let unknowns = isUnknown(words[i]!) ? 1 : 0;
  while (k < end) {
    const t = words[k]!;
    if (t.initial || (t.flags & PARTICLE) !== 0) {
      k++;
      continue;
    }
    if (isKnown(t) && (t.flags & (CALENDAR | STREET | COMPANY | TITLE)) === 0) {
      k++;
      continue;
    }
    // One unlisted surname after a given name: "Anna Kowalczyk"; after a title, two.
    if (
      isUnknown(t) &&
      unknowns < (announced ? 2 : 1) &&
      (recall || announced || isGiven(words[i]!))
    ) {
      unknowns++;
      k++;
      continue;
    }
    break;
  }
  // Never end on a particle: "Ana de" is "Ana".
  while (k > i + 1 && (words[k - 1]!.flags & PARTICLE) !== 0) k--;
  return k;
}

function match(words: readonly Token[], from: number, to: number): NameMatch {
  const parts: NamePart[] = [];
  for (let k = from; k < to; k++) {
    const t = words[k]!;
    if ((t.flags & PARTICLE) !== 0) continue;
    const role: NamePartRole = t.initial
      ? 'initial'
      : (k === from && (isGiven(t) || !isSurname(t)) && to - from > 1) ||
          (to - from === 1 && isGiven(t)) ||
          (k > from && isGiven(t) && !isSurname(t))
        ? 'given'
        : 'surname';
    parts.push({ start: t.start, end: t.end, role });
  }
  return { start: words[from]!.start, end: words[to - 1]!.end, parts };
}
