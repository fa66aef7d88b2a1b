import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { renderSha256WasmModule } from '../../bench/sha256-wasm-source';
import { parseHmacBackend, Sha256Hmac, useHmacBackend } from './sha256-hmac';

describe('Sha256Hmac', () => {
  it('equals node:crypto HMAC-SHA256 for any Unicode string, short or spanning several blocks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 80 }),
        ),
        (key, value) => {
          const expected = createHmac('sha256', key).update(value, 'utf8').digest();
          const hmac = new Sha256Hmac(key);
          expect(hmac.hex(value)).toBe(expected.toString('hex'));
          expect(Buffer.from(hmac.bytes(value), 'latin1').equals(expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is right at every padding boundary (55, 56, 63, 64, 119, 120 bytes)', () => {
    const key = randomBytes(64);
    const hmac = new Sha256Hmac(key);
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 1000]) {
      const value = 'x'.repeat(n);
      expect(hmac.hex(value)).toBe(createHmac('sha256', key).update(value).digest('hex'));
    }
  });

  it('matches RFC 4231 test case 2', () => {
    const hmac = new Sha256Hmac(Buffer.from('Jefe'));
    expect(hmac.hex('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('refuses keys longer than a block', () => {
    expect(() => new Sha256Hmac(new Uint8Array(65))).toThrow('at most 64 bytes');
  });
});

describe('Sha256Hmac backends', () => {
  afterEach(() => Sha256Hmac.useBackend('auto'));

  it('loads its WebAssembly module on this Node', () => {
    expect(Sha256Hmac.simdAvailable).toBe(true);
  });

  // CI builds the addon and sets CONFITURE_REQUIRE_NATIVE=1; elsewhere it may not have been built.
  (process.env['CONFITURE_REQUIRE_NATIVE'] === '1' ? it : it.skip)(
    'loads the native addon and hashes batches with it by default',
    () => {
      expect(Sha256Hmac.nativeAvailable).toBe(true);
      expect(Sha256Hmac.backend).toBe('native');
    },
  );

  it('switches backend on demand and refuses an unknown one', () => {
    Sha256Hmac.useBackend('js');
    expect(Sha256Hmac.backend).toBe('js');
    Sha256Hmac.useBackend('wasm');
    expect(Sha256Hmac.backend).toBe('wasm');
    expect(() => Sha256Hmac.useBackend('fast' as 'auto')).toThrow(
      'CONFITURE_HMAC=fast is not a HMAC backend: use auto (the default), native, wasm or js',
    );
    // A configuration error the CLI reports in one line with exit 2, not a crash.
    expect(() => Sha256Hmac.useBackend('fast' as 'auto')).toThrow(
      expect.objectContaining({ code: 'ENVIRONMENT_INVALID' }),
    );
  });
});

describe('choosing the HMAC backend at the edge', () => {
  afterEach(() => Sha256Hmac.useBackend('auto'));

  it('reads unset and empty as auto, and the four names as themselves', () => {
    expect([undefined, '', 'auto', 'native', 'wasm', 'js'].map(parseHmacBackend)).toEqual([
      'auto',
      'auto',
      'auto',
      'native',
      'wasm',
      'js',
    ]);
  });

  it('refuses any other value as a configuration error', () => {
    expect(() => parseHmacBackend('fast')).toThrow(
      expect.objectContaining({
        code: 'ENVIRONMENT_INVALID',
        message:
          'CONFITURE_HMAC=fast is not a HMAC backend: use auto (the default), native, wasm or js',
      }),
    );
  });

  it('makes this thread hash with the chosen backend, auto being the fastest that loads', () => {
    expect(useHmacBackend('js')).toBe('js');
    expect(Sha256Hmac.backend).toBe('js');
    expect(useHmacBackend('auto')).toBe(Sha256Hmac.nativeAvailable ? 'native' : 'wasm');
  });

  it('does not read CONFITURE_HMAC itself', () => {
    const saved = process.env['CONFITURE_HMAC'];
    process.env['CONFITURE_HMAC'] = 'js';
    try {
      Sha256Hmac.useBackend('auto');
      expect(Sha256Hmac.backend).not.toBe('js');
    } finally {
      if (saved === undefined) delete process.env['CONFITURE_HMAC'];
      else process.env['CONFITURE_HMAC'] = saved;
    }
  });
});

const batchBackends = Sha256Hmac.nativeAvailable
  ? (['native', 'wasm'] as const)
  : (['wasm'] as const);

describe.each(batchBackends)('Sha256Hmac.prepare with the %s backend', (backend) => {
  const reference = (key: Uint8Array, value: string) =>
    createHmac('sha256', key).update(value, 'utf8').digest('hex');

  beforeAll(() => Sha256Hmac.useBackend(backend));
  afterAll(() => Sha256Hmac.useBackend('auto'));

  it('is the backend in use', () => {
    expect(Sha256Hmac.backend).toBe(backend);
  });

  it('gives the same HMACs as node:crypto for ASCII, Unicode and multi-block values', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 60 }),
            fc.string({ unit: 'grapheme', maxLength: 30 }),
            fc.string({ unit: 'binary', maxLength: 130 }),
          ),
          { minLength: 8, maxLength: 70 },
        ),
        (key, values) => {
          const hmac = new Sha256Hmac(key);
          hmac.prepare(values);
          for (const value of values) expect(hmac.hex(value)).toBe(reference(key, value));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives every prefix width of hex, and the digest bytes, for any mix of calls', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.array(fc.oneof(fc.string({ maxLength: 56 }), fc.string({ unit: 'grapheme' })), {
          minLength: 8,
          maxLength: 40,
        }),
        fc.array(fc.constantFrom(0, 2, 24, 64, -1), { minLength: 40, maxLength: 40 }),
        (key, values, widths) => {
          const hmac = new Sha256Hmac(key);
          hmac.prepare(values);
          values.forEach((value, i) => {
            const expected = reference(key, value);
            const width = widths[i]!;
            if (width < 0) expect(Buffer.from(hmac.digest(value)).toString('hex')).toBe(expected);
            else expect(hmac.hex(value, width)).toBe(expected.slice(0, width));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is right for ASCII values of every length that fits a lane (0 to 55 characters)', () => {
    const key = randomBytes(64);
    const values = Array.from({ length: 56 }, (_, n) => 'abcdefghij'.repeat(6).slice(0, n));
    const hmac = new Sha256Hmac(key);
    hmac.prepare(values);
    for (const value of values) expect(hmac.hex(value)).toBe(reference(key, value));
  });

  it('is right at the one-block limit (55 bytes in a lane, 56 hashed on the spot)', () => {
    const key = randomBytes(64);
    const values = [0, 1, 3, 4, 5, 54, 55, 56, 57, 63, 64, 65].map((n) => 'y'.repeat(n));
    values.push('é'.repeat(27), 'é'.repeat(28), '😀'.repeat(13), '😀'.repeat(14));
    const hmac = new Sha256Hmac(key);
    hmac.prepare(values);
    for (const value of values) expect(hmac.hex(value)).toBe(reference(key, value));
  });

  it('stays right when calls skip prepared values, repeat them or ask for others', () => {
    const key = randomBytes(64);
    const hmac = new Sha256Hmac(key);
    const values = Array.from({ length: 40 }, (_, i) => `user${i % 30}@example.org`);
    hmac.prepare(values);
    const asked = [
      ...values.filter((_, i) => i % 3 !== 0),
      'never prepared',
      values[0]!,
      values[39]!,
    ];
    for (const value of asked) expect(hmac.hex(value)).toBe(reference(key, value));
    // A later batch replaces the earlier one.
    hmac.prepare(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    for (const value of ['h', 'a', values[5]!]) expect(hmac.hex(value)).toBe(reference(key, value));
  });

  it('pairs no surrogates across values, and hashes empty values and batches of one', () => {
    const key = randomBytes(32);
    const values = ['a\ud83d', '\ude00b', '', '\ud83d\ude00', 'é', ''];
    const hmac = new Sha256Hmac(key);
    hmac.prepare(values);
    for (const value of values) expect(hmac.hex(value)).toBe(reference(key, value));
    hmac.prepare(['only']);
    expect(hmac.hex('only')).toBe(reference(key, 'only'));
  });
});

it('is the WebAssembly module that bench/write-sha256-wasm.ts generates (run `nx run strategies:wasm`)', async () => {
  const committed = readFileSync(join(__dirname, 'sha256-hmac-x4.wasm.ts'), 'utf8');
  expect(committed === (await renderSha256WasmModule())).toBe(true);
});
