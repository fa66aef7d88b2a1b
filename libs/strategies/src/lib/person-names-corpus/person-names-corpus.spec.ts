import { findPersonNames, type NameTuning } from '../person-names';
import { buildCorpus, type CorpusText } from './corpus';
import { CORPUS_LANGUAGES } from './templates';

// Token level: each word of a text is a name word or not, in the labels and in what the finder
// returns; a name word the finder covers is a true positive, any other word it covers a false one.
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  heldTp: number;
  heldFn: number;
}

function score(texts: readonly CorpusText[], tuning: NameTuning): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0, heldTp: 0, heldFn: 0 };
  for (const t of texts) {
    const found = findPersonNames(t.text, tuning);
    for (const m of t.text.matchAll(WORD)) {
      const start = m.index;
      const end = start + m[0].length;
      const inside = (s: { start: number; end: number }) => s.start < end && start < s.end;
      const gold = t.names.find(inside);
      const predicted = found.some(inside);
      if (gold && predicted) {
        c.tp++;
        if (gold.heldOut) c.heldTp++;
      } else if (gold) {
        c.fn++;
        if (gold.heldOut) c.heldFn++;
      } else if (predicted) c.fp++;
    }
  }
  return c;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('person names in free text: the labelled corpus', () => {
  const corpus = buildCorpus();

  it('holds at least 2,000 sentences across the languages, with held-out names', () => {
    expect(corpus.reduce((n, t) => n + t.sentences, 0)).toBeGreaterThanOrEqual(2000);
    expect(corpus.filter((t) => t.names.some((n) => n.heldOut)).length).toBeGreaterThan(400);
  });

  it.each(['recall', 'precision'] as const)(
    'meets its targets per language with the %s tuning',
    (tuning) => {
      const rows: string[] = [];
      const results = CORPUS_LANGUAGES.map((language) => {
        const c = score(
          corpus.filter((t) => t.language === language),
          tuning,
        );
        const precision = ratio(c.tp, c.tp + c.fp);
        const recall = ratio(c.tp, c.tp + c.fn);
        const known = ratio(c.tp - c.heldTp, c.tp - c.heldTp + c.fn - c.heldFn);
        const held = ratio(c.heldTp, c.heldTp + c.heldFn);
        rows.push(
          `${language}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (listed names ${known.toFixed(3)}, held-out ${held.toFixed(3)})  tp ${c.tp} fp ${c.fp} fn ${c.fn}`,
        );
        return { language, precision, recall, known, held };
      });
      console.log(`person names, ${tuning} tuning, token level:\n${rows.join('\n')}`);
      // Targets: names the data lists are found at recall >= 0.95 (scrubber) with precision >= 0.90;
      // the leak scan's tuning keeps precision >= 0.93. Held-out names are found through cues (and,
      // in English, through the dictionary): their floors record today's figures, not a target met.
      const floors =
        tuning === 'recall'
          ? { precision: 0.9, known: 0.95, held: { en: 0.65, other: 0.2 } }
          : { precision: 0.93, known: 0.9, held: { en: 0.15, other: 0.15 } };
      const misses = results.filter(
        (r) =>
          r.precision < floors.precision ||
          r.known < floors.known ||
          r.held < (r.language === 'en' ? floors.held.en : floors.held.other),
      );
      expect(misses).toEqual([]);
    },
  );
});
