import wabt = require('wabt');
import { SHA256_ROUND_CONSTANTS } from '../src/lib/sha256-hmac';

const K = SHA256_ROUND_CONSTANTS;

const VARS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const get = (name: string) => `(local.get $${name})`;
const splat = (value: number) => {
  const hex = `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
  return `(v128.const i32x4 ${hex} ${hex} ${hex} ${hex})`;
};
const rotr = (x: string, n: number) =>
  `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const xor3 = (a: string, b: string, c: string) => `(v128.xor (v128.xor ${a} ${b}) ${c})`;
const add = (...terms: string[]) => terms.reduce((sum, term) => `(i32x4.add ${sum} ${term})`);

/** The 64 rounds of one SHA-256 compression over the message words in locals w0..w15. */
function rounds(): string[] {
  const out: string[] = [];
  let v = [...VARS];
  for (let t = 0; t < 64; t++) {
    const w = (i: number) => `w${i & 15}`;
    if (t >= 16) {
      const s0 = get(w(t + 1));
      const s1 = get(w(t + 14));
      const sigma0 = xor3(rotr(s0, 7), rotr(s0, 18), `(i32x4.shr_u ${s0} (i32.const 3))`);
      const sigma1 = xor3(rotr(s1, 17), rotr(s1, 19), `(i32x4.shr_u ${s1} (i32.const 10))`);
      out.push(`(local.set $${w(t)} ${add(get(w(t)), sigma0, get(w(t + 9)), sigma1)})`);
    }
    const [a, b, c, d, e, f, g, h] = v as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const bigSigma1 = xor3(rotr(get(e), 6), rotr(get(e), 11), rotr(get(e), 25));
    const ch = `(v128.bitselect ${get(f)} ${get(g)} ${get(e)})`;
    out.push(`(local.set $t ${add(get(h), bigSigma1, ch, splat(K[t]!), get(w(t)))})`);
    out.push(`(local.set $${d} (i32x4.add ${get(d)} (local.get $t)))`);
    const bigSigma0 = xor3(rotr(get(a), 2), rotr(get(a), 13), rotr(get(a), 22));
    const maj = `(v128.bitselect ${get(a)} ${get(b)} (v128.xor ${get(b)} ${get(c)}))`;
    out.push(`(local.set $${h} ${add('(local.get $t)', bigSigma0, maj)})`);
    v = [h, a, b, c, d, e, f, g];
  }
  return out;
}

/** Loads the eight 32-bit words at `offset` of the key area, each splatted over four lanes. */
function loadState(offset: number): string[] {
  return VARS.map(
    (name, i) =>
      `(local.set $${name} (v128.load32_splat offset=${offset + i * 4} (local.get $key)))`,
  );
}

function addState(offset: number): string[] {
  return VARS.map(
    (name, i) =>
      `(local.set $${name} (i32x4.add ${get(name)} (v128.load32_splat offset=${offset + i * 4} (local.get $key))))`,
  );
}

/** i8x16.shuffle taking 32-bit lanes: 0-3 from the first operand, 4-7 from the second. */
const shuffle32 = (x: string, y: string, lanes: number[]) =>
  `(i8x16.shuffle ${lanes.flatMap((l) => [0, 1, 2, 3].map((b) => l * 4 + b)).join(' ')} ${x} ${y})`;

/**
 * Stores the four digests of a group one after the other (lane j's 32 bytes at out + 32j), in
 * byte order: each word is byte-swapped (SHA-256 is big-endian) and the 4×4 blocks of words
 * a-d and e-h transposed, so JavaScript copies them out in one go.
 */
function storeDigests(): string[] {
  const out: string[] = [];
  const swap = (x: string) => `(i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 ${x} ${x})`;
  for (const name of VARS) out.push(`(local.set $${name} ${swap(get(name))})`);
  for (const [half, [p, q, r, t]] of [
    [0, ['a', 'b', 'c', 'd']],
    [16, ['e', 'f', 'g', 'h']],
  ] as const) {
    // [p0 q0 p1 q1], [p2 q2 p3 q3], [r0 t0 r1 t1], [r2 t2 r3 t3] in w0-w3, then lanes 0-3.
    out.push(`(local.set $w0 ${shuffle32(get(p), get(q), [0, 4, 1, 5])})`);
    out.push(`(local.set $w1 ${shuffle32(get(p), get(q), [2, 6, 3, 7])})`);
    out.push(`(local.set $w2 ${shuffle32(get(r), get(t), [0, 4, 1, 5])})`);
    out.push(`(local.set $w3 ${shuffle32(get(r), get(t), [2, 6, 3, 7])})`);
    const lanes = [
      shuffle32(get('w0'), get('w2'), [0, 1, 4, 5]),
      shuffle32(get('w0'), get('w2'), [2, 3, 6, 7]),
      shuffle32(get('w1'), get('w3'), [0, 1, 4, 5]),
      shuffle32(get('w1'), get('w3'), [2, 3, 6, 7]),
    ];
    lanes.forEach((lane, j) =>
      out.push(`(v128.store offset=${j * 32 + half} (local.get $out) ${lane})`),
    );
  }
  return out;
}

/** The WebAssembly text of the module. */
export function sha256WasmText(): string {
  const locals = [
    ...VARS.map((name) => `(local $${name} v128)`),
    ...Array.from({ length: 16 }, (_, i) => `(local $w${i} v128)`),
    '(local $t v128)',
    '(local $i i32)',
  ];
  const body = [
    '(block $done',
    '(loop $next',
    '(br_if $done (i32.ge_u (local.get $i) (local.get $groups)))',
    // Inner hash: the key's inner pad state, then the message block (words interleaved by lane).
    ...loadState(0),
    ...Array.from(
      { length: 16 },
      (_, i) => `(local.set $w${i} (v128.load offset=${i * 16} (local.get $in)))`,
    ),
    ...rounds(),
    ...addState(0),
    // Outer hash: the inner digest, padded for a 96-byte message, after the outer pad state.
    ...VARS.map((name, i) => `(local.set $w${i} ${get(name)})`),
    `(local.set $w8 ${splat(0x80000000)})`,
    ...[9, 10, 11, 12, 13, 14].map((i) => `(local.set $w${i} ${splat(0)})`),
    `(local.set $w15 ${splat(768)})`,
    ...loadState(32),
    ...rounds(),
    ...addState(32),
    ...storeDigests(),
    '(local.set $in (i32.add (local.get $in) (i32.const 256)))',
    '(local.set $out (i32.add (local.get $out) (i32.const 128)))',
    '(local.set $i (i32.add (local.get $i) (i32.const 1)))',
    '(br $next)',
    ')',
    ')',
  ];
  return [
    '(module',
    '(memory (export "memory") 1)',
    ';; hmac(key, in, out, groups): for each group of four one-block messages, words interleaved',
    ';; by lane (word w of lane j at in + 16w + 4j), writes the four digests at out, one after the',
    ';; other in byte order.',
    ';; key: the inner pad state (8 words) at key, the outer pad state at key + 32.',
    '(func (export "hmac") (param $key i32) (param $in i32) (param $out i32) (param $groups i32)',
    ...locals,
    ...body,
    ')',
    ')',
  ].join('\n');
}

/** The generated TypeScript module holding the compiled WebAssembly. */
export async function renderSha256WasmModule(): Promise<string> {
  const tools = await wabt();
  const parsed = tools.parseWat('sha256-hmac-x4.wat', sha256WasmText(), { simd: true });
  parsed.validate();
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  const base64 = Buffer.from(buffer).toString('base64');
  const lines = base64.match(/.{1,96}/g) ?? [];
  return [
    '// Generated by libs/strategies/bench/write-sha256-wasm.ts (`npx nx run strategies:wasm`).',
    '// Do not edit: change the generator and run it again.',
    '',
    '/** WebAssembly (SIMD) module: HMAC-SHA256 of four one-block messages at once. */',
    'export const SHA256_HMAC_X4_WASM =',
    ...lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`),
    '',
  ].join('\n');
}
