import fc from 'fast-check';
import { errorOf } from '../test-support/harness';
import { createFf3_1, ff3_1 } from './ff3-1';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const RADIX64 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/';

/**
 * NIST ACVP FF3-1 test vectors, copied from usnistgov/ACVP-Server,
 * gen-val/json-files/ACVP-AES-FF3-1-1.0/internalProjection.json (vsId 42, commit 8e6f5ee7),
 * identified by their tcId. Groups 1–9 are "encrypt", 11–12 "decrypt"; all use 56-bit tweaks.
 */
const ACVP = [
  // tgId 1: AES-128, radix 10
  {
    tcId: 1,
    key: 'AD41EC5D2356DEAE53AE76F50B4BA6D2',
    tweak: 'CF29DA1E18D970',
    alphabet: DIGITS,
    pt: '6520935496',
    ct: '4716569208',
  },
  {
    tcId: 2,
    key: '3C0ABB8C4D50528320ED6EF4F536371C',
    tweak: '2E0B7EE01C1370',
    alphabet: DIGITS,
    pt: '37411281822299620587806308530316674537844784195073078382',
    ct: '45217408528208365340847148215470453887037524494034613315',
  },
  {
    tcId: 9,
    key: 'A84BB554854DCAB9CBFD9E298001518C',
    tweak: '7A773172C3F0F1',
    alphabet: DIGITS,
    pt: '082360355025',
    ct: '901934302943',
  },
  {
    tcId: 12,
    key: '5DF90E69E669581B88351221FD23636A',
    tweak: '640EBCC1091852',
    alphabet: DIGITS,
    pt: '383973529234270684083468127778401576',
    ct: '001456236120632277552824263292735558',
  },
  // tgId 2: AES-128, radix 26
  {
    tcId: 26,
    key: 'F078DB4C3105463E559623AB7C2EA29F',
    tweak: '1A3FD500D121E9',
    alphabet: LOWER,
    pt: 'aquxxnfnhq',
    ct: 'lkjcjcnohf',
  },
  {
    tcId: 27,
    key: 'C7630C6EE431283365A70B06D3FA6CD8',
    tweak: '9FC475DB5A5824',
    alphabet: LOWER,
    pt: 'bnlilrtlwmleozfxpddesinwvuqostxzkovolgbe',
    ct: 'bdzzkydglpqydxwndiyakofjrfihynehnycbmxuc',
  },
  // tgId 3: AES-128, radix 64
  {
    tcId: 51,
    key: 'F25F9847BFCE672767C28F75E0C22663',
    tweak: '02E98B70FCADF3',
    alphabet: RADIX64,
    pt: 'oUpPhk2jm9',
    ct: 'khz4xTwSnT',
  },
  {
    tcId: 52,
    key: '786B59C511F71B2E2034FE5B54C0F39C',
    tweak: '95B70373E4DF87',
    alphabet: RADIX64,
    pt: 'XemT7oMMk1NO2lTm1quMXsVMHhem',
    ct: 'nPPBTwnwHbzuIvKx7ZAwHm6thq3e',
  },
  // tgId 4–6: AES-192
  {
    tcId: 93,
    key: 'A18E99529AAF75F7935AA9B0640B25F0738364FBB8A9B633',
    tweak: 'A177F2C5624102',
    alphabet: DIGITS,
    pt: '13236829634',
    ct: '41200918813',
  },
  {
    tcId: 92,
    key: '8BCA8E65DF6F06F1E194BD37BBC3503B63E21BA2B033B4C0',
    tweak: 'FBF24C80CADCBA',
    alphabet: DIGITS,
    pt: '87295344781461808501612996542626737928666925615591299087',
    ct: '53717248505957813439731274463567138255845901829926811873',
  },
  {
    tcId: 101,
    key: 'ABF2609099D17A8D9CE7340B9D37718FEB116FBA0F995062',
    tweak: '965E3665A67363',
    alphabet: LOWER,
    pt: 'xnpkaymwxj',
    ct: 'odzyjsjldd',
  },
  {
    tcId: 126,
    key: '64B1FFC598E48F9EAD8E1B92C240F4A2B3EF7CAA36E26031',
    tweak: '72881A0647A9A3',
    alphabet: RADIX64,
    pt: 'BbaS4fl0i8',
    ct: 'FVQMSgP67P',
  },
  // tgId 7–9: AES-256
  {
    tcId: 151,
    key: '4567672BCE43B94922338FA16B421FCF81AAE0F202DA5BCD4C8EFD869097DC17',
    tweak: '92430092126DAA',
    alphabet: DIGITS,
    pt: '3588314239',
    ct: '6999297766',
  },
  {
    tcId: 154,
    key: 'CA5E615E099BCB2C903907726C8597FE043292CBA3C316CC1246FD6F8900F783',
    tweak: 'BC797EE7D9943A',
    alphabet: DIGITS,
    pt: '3573594105935717',
    ct: '3993926157110010',
  },
  {
    tcId: 176,
    key: '98EF72B4CB9585F6B55A3E3083BDA54AE161E822EB79EE1E9F6012BF1C2AA385',
    tweak: '7D9E02EE1BA963',
    alphabet: LOWER,
    pt: 'cpgwnqztxg',
    ct: 'vdnyuqtuta',
  },
  {
    tcId: 201,
    key: '9618F89241D27101914C980A373C08570832C924D470C65A272BDFEF41AD63A3',
    tweak: '5312C87A81B08E',
    alphabet: RADIX64,
    pt: 'ctRF79h/HK',
    ct: '7Rta7Ppqi8',
  },
  {
    tcId: 202,
    key: '9407408FD87C0AD608344A9010610E2D422FB305CC4F4FA8B73B5C7F6050B5CA',
    tweak: '5A721F469ED493',
    alphabet: RADIX64,
    pt: 'Fym7pxazebhQK7atlVi/LRGRex2h',
    ct: 'iAcK0GAFbi1wbqbLmvgn8gagv2Jo',
  },
  // tgId 11–12: decrypt direction, AES-128
  {
    tcId: 251,
    key: 'A31F851AF86EED1E02E7F1A0257D7F70',
    tweak: '86A1E08A35583A',
    alphabet: LOWER,
    pt: 'fhpsttsgmp',
    ct: 'htqwvmnmbq',
  },
  {
    tcId: 276,
    key: '02A6470746397F3DED5B99B0872CA988',
    tweak: 'DD689842C85DF8',
    alphabet: RADIX64,
    pt: 'hFZMZwvnC4',
    ct: 'XyhMWkAo5T',
  },
];

describe('ff3_1 (NIST SP 800-38G Rev. 1)', () => {
  it.each(ACVP)('ACVP tcId $tcId: encrypts pt to ct and decrypts ct to pt', (v) => {
    expect(ff3_1.encrypt(v.key, v.tweak, v.alphabet, v.pt)).toBe(v.ct);
    expect(ff3_1.decrypt(v.key, v.tweak, v.alphabet, v.ct)).toBe(v.pt);
  });

  const key = '2DE79D232DF5585D68CE47882AE256D6';
  const tweak = 'CBD09280979564';

  it('enforces the domain size radix^minlen >= 1,000,000 and the maximum length', () => {
    const digits = createFf3_1(key, tweak, DIGITS);
    expect([digits.minLength, digits.maxLength]).toEqual([6, 56]);
    expect(errorOf(() => digits.encrypt('12345')).message).toBe(
      'fpe (FF3-1): input has 5 characters of the alphabet; FF3-1 with radix 10 needs 6..56 (domain radix^minlen >= 1,000,000, maxlen = 2·floor(96/log2(radix)))',
    );
    expect(errorOf(() => digits.encrypt('1'.repeat(57))).code).toBe('STRATEGY_VALUE');
    const binary = createFf3_1(key, tweak, '01');
    expect([binary.minLength, binary.maxLength]).toEqual([20, 192]);
  });

  it('refuses bad keys, tweaks, alphabets and characters with clear errors', () => {
    expect(errorOf(() => createFf3_1('00', tweak, DIGITS)).message).toContain(
      'key must be 128, 192 or 256 bits',
    );
    expect(errorOf(() => createFf3_1(key, 'CBD0928097956400', DIGITS)).message).toContain(
      'tweak must be 56 bits',
    );
    expect(errorOf(() => createFf3_1(key, tweak, '0')).message).toContain('2..65536 characters');
    expect(errorOf(() => createFf3_1(key, tweak, '001')).message).toContain('repeated character');
    expect(errorOf(() => createFf3_1(key, tweak, DIGITS).encrypt('12345a')).message).toContain(
      'outside the alphabet',
    );
  });

  it('round-trips any value of any length over radix 10, 26 and 65536', () => {
    const big = Array.from({ length: 65536 }, (_, i) => String.fromCharCode(i)).join('');
    for (const alphabet of [DIGITS, LOWER, big]) {
      const cipher = createFf3_1(key, tweak, alphabet);
      const symbols = Array.from(alphabet);
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: symbols.length - 1 }), {
            minLength: cipher.minLength,
            maxLength: cipher.maxLength,
          }),
          (numerals) => {
            const encrypted = cipher.encryptNumerals(numerals);
            expect(encrypted).toHaveLength(numerals.length);
            expect(cipher.decryptNumerals(encrypted)).toEqual(numerals);
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('agrees between the Number fast path and the BigInt path', () => {
    // 28 digits use BigInt halves, 26 digits Number halves: both must invert each other and
    // match the ACVP vectors above, which cover both.
    const cipher = createFf3_1(key, tweak, DIGITS);
    for (const n of [6, 26, 27, 28, 56]) {
      const plain = '7'.repeat(n);
      expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    }
  });
});
