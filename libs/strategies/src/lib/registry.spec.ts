import fc from 'fast-check';
import { isConfitureError } from '@confiture/domain';
import { describeColumn } from './column';
import { createStrategy } from './create-strategy';
import { createKeyMaterial } from './key-material';
import { strategyDefinitions } from './registry';
import { contractOf, type AnyStrategyDefinition, type Transform } from './strategy-definition';

const SEED = 'registry-property-seed';

/** Per-strategy options and column type for the property runs (the docs example by default). */
function setup(d: AnyStrategyDefinition): { options: Record<string, unknown>; columnType: string } {
  return { options: d.example.options, columnType: d.example.columnType ?? 'text' };
}

function make(d: AnyStrategyDefinition, seed = SEED, columnName = 'c'): Transform {
  const { options, columnType } = setup(d);
  return createStrategy(d, options, {
    column: describeColumn(columnName, columnType),
    keys: createKeyMaterial(seed),
    tokenSink: { record: () => undefined },
  });
}

/** Calls the transform; a typed STRATEGY_VALUE error is an allowed outcome, anything else fails. */
function attempt(transform: Transform, value: string): string | null | 'error' {
  try {
    return transform(value);
  } catch (error) {
    if (isConfitureError(error) && error.code === 'STRATEGY_VALUE') return 'error';
    throw error;
  }
}

const perValue = strategyDefinitions.filter((d) => d.create);
const unicode = fc.string({ unit: 'grapheme', maxLength: 60 });
const numberText = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
  .map(String);
const valueFor = (d: AnyStrategyDefinition) =>
  ['integer', 'numeric', 'float'].includes(d.accepts === 'any' ? '' : d.accepts[0]!) &&
  d.type !== 'generalize'
    ? fc.oneof(unicode, numberText)
    : unicode;

describe('every strategy definition', () => {
  it('has a unique type, a description, a strict options schema and a full contract', () => {
    expect(new Set(strategyDefinitions.map((d) => d.type)).size).toBe(strategyDefinitions.length);
    expect(strategyDefinitions.map((d) => d.type)).toEqual([
      'preserve',
      'redact',
      'suppress',
      'hash',
      'email',
      'phone',
      'name',
      'address',
      'mask',
      'tokenize',
      'fpe',
      'dp',
      'noise',
      'generalize',
      'pseudonymize',
      'aggregate',
      'text_scrub',
      'json',
      'custom',
    ]);
    for (const d of strategyDefinitions) {
      expect(d.description.length).toBeGreaterThan(20);
      expect(typeof d.contract.injective).toBe('boolean');
      expect(typeof d.contract.leakCheck).toBe('boolean');
      expect(d.create !== undefined || d.sql !== undefined).toBe(true);
      expect(d.options.safeParse({ ...d.example.options, not_an_option: 1 }).success).toBe(false);
    }
  });

  describe.each(perValue.map((d) => [d.type, d] as const))('%s', (_type, d) => {
    const contract = contractOf(d, d.options.parse(d.example.options) as Record<string, unknown>);

    it('is total over arbitrary Unicode: a value or a typed STRATEGY_VALUE error, never anything else', () => {
      const transform = make(d);
      fc.assert(
        fc.property(valueFor(d), (value) => {
          attempt(transform, value);
        }),
        { numRuns: 150 },
      );
    });

    it('maps NULL to NULL (suppress maps everything to NULL)', () => {
      expect(make(d)(null)).toBeNull();
    });

    if (contract.deterministic) {
      it('is deterministic: same value and seed → same output, in any column and any run', () => {
        const first = make(d, SEED, 'users_email');
        const second = make(d, SEED, 'orders_customer_email');
        fc.assert(
          fc.property(valueFor(d), (value) => {
            expect(attempt(second, value)).toEqual(attempt(first, value));
          }),
          { numRuns: 100 },
        );
      });
    }

    if (contract.formatPreserving) {
      it('is format-preserving: same length (code points) and the same non-alphanumeric layout', () => {
        const transform = make(d);
        fc.assert(
          fc.property(valueFor(d), (value) => {
            const out = attempt(transform, value);
            if (out === 'error' || out === null) return;
            expect(Array.from(out)).toHaveLength(Array.from(value).length);
          }),
          { numRuns: 150 },
        );
      });
    }

    if (contract.needsSeed) {
      it('refuses to start without a seed (SEED_MISSING) and changes output with the seed', () => {
        const { options, columnType } = setup(d);
        try {
          createStrategy(d, options, {
            column: describeColumn('c', columnType),
            tokenSink: { record: () => undefined },
          });
          throw new Error('expected SEED_MISSING');
        } catch (error) {
          expect(isConfitureError(error) && error.code).toBe('SEED_MISSING');
        }
        const input = d.example.input!;
        expect(make(d, 'seed-one')(input)).not.toBe(make(d, 'seed-two')(input));
      });
    }
  });
});
