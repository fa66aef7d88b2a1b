import wabt = require('wabt');

/** SHA-256 round constants (FIPS 180-4, 4.2.2). */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

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
    ...VARS.map((name, i) => `(v128.store offset=${i * 16} (local.get $out) ${get(name)})`),
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
    ';; by lane (word w of lane j at in + 16w + 4j), writes the four digests the same way at out.',
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
