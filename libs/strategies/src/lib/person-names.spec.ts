import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnglishWords } from '../../bench/english-words-source';
import { findPersonNames, type NameTuning } from './person-names';

const names = (text: string, tuning: NameTuning = 'recall') =>
  findPersonNames(text, tuning).map((m) => text.slice(m.start, m.end));

describe('findPersonNames', () => {
  it('finds a full name in running text', () => {
    expect(names('Spoke with James Lopez about his refund')).toEqual(['James Lopez']);
  });

  it('finds names after titles, introductions, greetings and in signatures, without the title', () => {
    expect(names('Dear Mr Smith, thanks.')).toEqual(['Smith']);
    expect(names("Bonjour, je m'appelle Pierre Dubois.")).toEqual(['Pierre Dubois']);
    expect(names('Sehr geehrte Frau Sommer, danke.')).toEqual(['Sommer']);
    expect(names('Hola Laura: el pedido de la Sra. García llegó.')).toEqual(['Laura', 'García']);
    expect(names('Thanks for the help!\nBest regards,\nTom')).toEqual(['Tom']);
    expect(names('Ik heb mevr. De Vries gebeld.')).toEqual(['De Vries']);
  });

  it('finds initials and particles as part of the name', () => {
    expect(names('Per J. Smith, the warranty applies.')).toEqual(['J. Smith']);
    expect(names('Groetjes, Pieter van den Berg')).toEqual(['Pieter van den Berg']);
  });

  it('leaves look-alikes alone: streets, months, verbs, makes, places and job titles', () => {
    for (const text of [
      'The parcel waits on Grant Street.',
      'Will you send the invoice before May?',
      'Mark the ticket as resolved.',
      'The Bill for March is attached.',
      'Your Jaguar is booked for June.',
      'Our store in Paris is closed.',
      'Ask the Account Manager for a code.',
      'Le colis attend rue Victor Hugo.',
      'Die Rose im Garten blüht im Sommer.',
      '[REDACTED], San Francisco, CA 94102',
      'Shipped to Los Angeles and New York today.',
    ]) {
      expect({ text, names: names(text) }).toEqual({ text, names: [] });
    }
  });

  it('gives each word its role, for fakes of the same role', () => {
    const [match] = findPersonNames('Spoke with James Lopez');
    expect(match!.parts.map((p) => p.role)).toEqual(['given', 'surname']);
  });

  it('finds an unlisted surname after a listed given name, and in English mid-sentence', () => {
    expect(names('I called Anna Kowalczyk yesterday.')).toEqual(['Anna Kowalczyk']);
    expect(names('The refund was approved by Kowalczyk on Friday.')).toEqual(['Kowalczyk']);
    expect(names('The refund was approved by Kowalczyk on Friday.', 'precision')).toEqual([]);
  });

  it('finds nothing in lower-case text or text without letters', () => {
    expect(names('spoke with james lopez')).toEqual([]);
    expect(names('1234 5678 ---')).toEqual([]);
  });

  it('uses the English words that bench/write-english-words.ts generates (run `nx run strategies:english-words`)', () => {
    expect(readFileSync(join(__dirname, 'english-words.ts'), 'utf8')).toBe(renderEnglishWords());
  });
});
