/**
 * HMAC-SHA256 with the key's inner and outer pad states computed once.
 *
 * Why: anonymizing a row calls HMAC several times, on short values, and node's `createHmac` builds
 * a native object per call (about 5.7 µs on the 2-core machine). Here a short value costs two
 * SHA-256 compressions in JavaScript (about 1.8 µs), and `prepare` hashes a batch of values at
 * once: in the native addon of `native/` when it was built (about 0.12 µs each: one call per batch,
 * OpenSSL's block function, which uses the CPU's SHA extensions), else four at a time in
 * WebAssembly SIMD lanes (about 0.26 µs each). The spec checks every path against
 * `createHmac('sha256', key)` for arbitrary Unicode and lengths.
 */

import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { ConfitureError } from '@confiture/domain';
import { SHA256_HMAC_X4_WASM } from './sha256-hmac-x4.wasm';

/** SHA-256 round constants (FIPS 180-4, 4.2.2); the SIMD module's generator reads them too. */
export const SHA256_ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const K = SHA256_ROUND_CONSTANTS;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The two ASCII codes of each byte's hex, high one first. */
const HEX_PAIRS = Uint16Array.from(HEX, (pair) => (pair.charCodeAt(0) << 8) | pair.charCodeAt(1));

/** One SHA-256 compression of the 64-byte block at `offset` of `block` into `state`. */
function compress(state: Int32Array, w: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) w[i] = readWord(block, offset + i * 4);
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + s1 + ch + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** HMAC-SHA256 under one key; `digest` returns a view that the next call overwrites. */
export class Sha256Hmac {
  /** Whether `prepare` can use the WebAssembly SIMD module here. */
  static get simdAvailable(): boolean {
    return simd() !== null;
  }

  /** Whether the native addon was built and loads here (see `nx run strategies:native`). */
  static get nativeAvailable(): boolean {
    return nativeAddon() !== null;
  }

  /**
   * What `prepare` hashes batches with: the native addon where it loads, else WebAssembly SIMD,
   * else nothing (each value is then hashed in JavaScript when asked for), unless
   * {@link useHmacBackend} chose otherwise for this thread (the CLI does, from `CONFITURE_HMAC`).
   */
  static get backend(): HmacBackend {
    return (chosen ??= chooseBackend('auto'));
  }

  /** Makes `prepare` use `backend` in this thread (`auto`: the default choice); throws when it is unavailable here. */
  static useBackend(backend: HmacBackend | 'auto'): void {
    chosen = chooseBackend(backend);
  }

  /** The key's pad states, inner then outer, as the native addon takes them. */
  private readonly padStates: Int32Array;
  private readonly innerStart: Int32Array;
  private readonly outerStart: Int32Array;
  private nativeInput = Buffer.alloc(0);
  private offsets = new Int32Array(0);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private message = new Uint8Array(256);
  private prepared: readonly string[] = EMPTY;
  private cursor = 0;
  private digests = new Uint8Array(0);
  private staging = new Int32Array(0);
  private lanes = new Int32Array(0);
  private hexBytes = Buffer.alloc(0);
  private hexText = '';
  /** Width of the hex in hexText (0: not computed for this batch). */
  private hexChars = 0;
  private readonly outerBlock = new Uint8Array(64);
  private readonly result = new Uint8Array(32);
  private readonly resultBuffer = Buffer.from(this.result.buffer, this.result.byteOffset, 32);

  /** `key` is at most one block (64 bytes), as every key Confiture derives is. */
  constructor(key: Uint8Array) {
    this.padStates = padStates(key, this.w);
    this.innerStart = this.padStates.subarray(0, 8);
    this.outerStart = this.padStates.subarray(8);
    // The outer message is always the 32-byte inner digest: its padding never changes.
    this.outerBlock[32] = 0x80;
    this.outerBlock[62] = 0x03; // (64 + 32) * 8 = 768 bits = 0x0300
  }

  /** HMAC of the UTF-8 bytes of `value`. The returned bytes are overwritten by the next call. */
  digest(value: string): Uint8Array {
    const i = this.find(value);
    if (i < 0) return this.finish(this.encode(value));
    const result = this.result;
    const digests = this.digests;
    for (let k = 0, at = i * 32; k < 32; k++) result[k] = digests[at + k]!;
    return result;
  }

  /** Index of `value` among the next few prepared values (advancing past it), or -1. */
  private find(value: string): number {
    const values = this.prepared;
    const end = Math.min(values.length, this.cursor + LOOKAHEAD);
    for (let i = this.cursor; i < end; i++) {
      if (values[i] !== value) continue;
      this.cursor = i + 1;
      return i;
    }
    return -1;
  }

  /**
   * Computes the HMACs of `values` at once, four at a time in SIMD lanes, for the `digest` calls
   * that follow: a call whose value is among the next few prepared ones gets its HMAC from here,
   * any other is computed on the spot. Values are expected in the order they will be asked for;
   * skipping a few (a cache hit, say) is fine. The next `prepare` replaces the batch.
   */
  prepare(values: readonly string[]): void {
    const count = values.length;
    this.prepared = EMPTY;
    this.cursor = 0;
    const backend = count > 0 ? Sha256Hmac.backend : 'js';
    if (backend === 'js' || (backend === 'wasm' && count < 8)) return;
    if (this.digests.length < count * 32) this.digests = new Uint8Array(count * 32);
    if (backend === 'native') this.prepareNative(values);
    else this.prepareSimd(values, simd()!);
    this.prepared = values;
    this.hexChars = 0;
  }

  /**
   * One call of the addon for the batch: the values' UTF-8 bytes one after the other, with their
   * offsets. An all-ASCII batch (the common case) is written in one go, its offsets being the
   * values' lengths; otherwise value by value (concatenating could pair a lone high surrogate
   * with the next value's low one).
   */
  private prepareNative(values: readonly string[]): void {
    const count = values.length;
    const joined = values.join('');
    if (this.nativeInput.length < joined.length * 3) {
      this.nativeInput = Buffer.allocUnsafe(joined.length * 3);
    }
    if (this.offsets.length < count + 1) this.offsets = new Int32Array(count + 1);
    const input = this.nativeInput;
    const offsets = this.offsets;
    offsets[0] = 0;
    let at = 0;
    if (input.write(joined, 0, 'utf8') === joined.length) {
      for (let i = 0; i < count; i++) offsets[i + 1] = at += values[i]!.length;
    } else {
      for (let i = 0; i < count; i++) offsets[i + 1] = at += input.write(values[i]!, at, 'utf8');
    }
    nativeAddon()!.hmacBatch(this.padStates, input, offsets, count, this.digests);
  }

  /** Four HMACs at a time in the WebAssembly module's SIMD lanes. */
  private prepareSimd(values: readonly string[], wasm: Sha256X4): void {
    const count = values.length;
    const digests = this.digests;
    // Messages of one block (55 bytes or fewer) go to the lanes; longer ones are hashed here.
    const groups = (count + 3) >> 2;
    const output = KEY_BYTES + groups * GROUP_IN;
    const needed = output + groups * GROUP_OUT;
    if (wasm.memory.buffer.byteLength < needed) {
      wasm.memory.grow(Math.ceil((needed - wasm.memory.buffer.byteLength) / 65536));
    }
    // Staged in arrays of our own, copied into the module's memory in one go: typed-array access to
    // WebAssembly memory is slower.
    if (this.staging.length < groups * (GROUP_IN >> 2)) {
      this.staging = new Int32Array(groups * (GROUP_IN >> 2));
      this.lanes = new Int32Array(groups * 4);
    }
    const words = this.staging;
    const lanes = this.lanes;
    let slot = 0;
    for (let i = 0; i < count; i++) {
      const value = values[i]!;
      // Word w of lane j of group g: lanes four words apart, groups 64 words apart.
      const base = (slot >> 2) * 64 + (slot & 3);
      const n = value.length;
      if (n <= 55 && stageAscii(value, words, base)) {
        lanes[slot++] = i;
        continue;
      }
      const length = this.encode(value);
      if (length > 55) {
        const digest = this.finish(length);
        digests.set(digest, i * 32);
        continue;
      }
      // The padded block after the key's: the message, 0x80, zeros, the bit length in words 14-15.
      const message = this.message;
      message.fill(0, length, 56);
      message[length] = 0x80;
      for (let w = 0; w < 14; w++) words[base + w * 4] = readWord(message, w * 4);
      words[base + 56] = 0;
      words[base + 60] = (64 + length) * 8;
      lanes[slot++] = i;
    }
    if (slot > 0) {
      const used = (slot + 3) >> 2;
      const memory = new Int32Array(wasm.memory.buffer);
      memory.set(this.innerStart, 0);
      memory.set(this.outerStart, 8);
      memory.set(words.subarray(0, used * (GROUP_IN >> 2)), KEY_BYTES >> 2);
      wasm.hmac(0, KEY_BYTES, output, used);
      // The module writes the digests one after the other in slot order, in byte order.
      const results = new Uint8Array(wasm.memory.buffer, output, slot * 32);
      if (slot === count) {
        digests.set(results);
      } else {
        for (let s = 0; s < slot; s++) {
          digests.set(results.subarray(s * 32, s * 32 + 32), lanes[s]! * 32);
        }
      }
    }
  }

  /** The HMAC as lowercase hex: all 64 characters, or the first `chars` (even) of them. */
  hex(value: string, chars = 64): string {
    const i = this.find(value);
    if (i >= 0) {
      // A prepared value: its hex is a slice of the batch's, decoded in one go.
      if (this.hexChars !== chars) this.hexBatch(chars);
      return this.hexText.slice(i * chars, (i + 1) * chars);
    }
    const bytes = this.finish(this.encode(value));
    let out = '';
    for (let k = 0; k < chars >> 1; k++) out += HEX[bytes[k]!]!;
    return out;
  }

  /** The first `chars` hex characters of every prepared digest, one after the other. */
  private hexBatch(chars: number): void {
    const count = this.prepared.length;
    const size = count * chars;
    if (this.hexBytes.length < size) this.hexBytes = Buffer.allocUnsafe(size);
    const out = this.hexBytes;
    const digests = this.digests;
    for (let i = 0, at = 0; i < count; i++) {
      for (let k = 0, d = i * 32; k < chars >> 1; k++, at += 2) {
        const pair = HEX_PAIRS[digests[d + k]!]!;
        out[at] = pair >> 8;
        out[at + 1] = pair & 0xff;
      }
    }
    this.hexText = out.toString('latin1', 0, size);
    this.hexChars = chars;
  }

  /** The HMAC as 32 latin1 characters (one byte each). */
  bytes(value: string): string {
    // digest() always answers in this.result; a native latin1 decode of it costs less than 32
    // string concatenations.
    this.digest(value);
    return this.resultBuffer.toString('latin1', 0, 32);
  }

  /** UTF-8 encodes `value` into the message buffer (ASCII fast path); returns its byte length. */
  private encode(value: string): number {
    const n = value.length;
    if (this.message.length < n * 3 + 72) this.message = new Uint8Array(n * 3 + 72);
    const out = this.message;
    let j = 0;
    for (let i = 0; i < n; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        out[j++] = c;
      } else if (c < 0x800) {
        out[j++] = 0xc0 | (c >> 6);
        out[j++] = 0x80 | (c & 63);
      } else if (
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < n &&
        (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00
      ) {
        c = 0x10000 + ((c - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00);
        out[j++] = 0xf0 | (c >> 18);
        out[j++] = 0x80 | ((c >> 12) & 63);
        out[j++] = 0x80 | ((c >> 6) & 63);
        out[j++] = 0x80 | (c & 63);
      } else {
        // A lone surrogate encodes as U+FFFD, as Buffer.from(value, 'utf8') does.
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        out[j++] = 0xe0 | (c >> 12);
        out[j++] = 0x80 | ((c >> 6) & 63);
        out[j++] = 0x80 | (c & 63);
      }
    }
    return j;
  }

  private finish(length: number): Uint8Array {
    const message = this.message;
    const state = this.state;
    // Inner hash: the key's pad block is already in innerStart; pad the message after it.
    const total = Math.ceil((length + 9) / 64) * 64;
    message.fill(0, length, total);
    message[length] = 0x80;
    writeBitLength(message, total, (64 + length) * 8);
    state.set(this.innerStart);
    for (let offset = 0; offset < total; offset += 64) compress(state, this.w, message, offset);
    const outer = this.outerBlock;
    for (let i = 0; i < 8; i++) writeWord(outer, i * 4, state[i]!);
    state.set(this.outerStart);
    compress(state, this.w, outer, 0);
    const result = this.result;
    for (let i = 0; i < 8; i++) writeWord(result, i * 4, state[i]!);
    return result;
  }
}

/** How far ahead of the last prepared value `digest` looks for the one it is asked for. */
const LOOKAHEAD = 8;
const EMPTY: readonly string[] = [];
/** Layout of the WebAssembly memory: the two pad states, then 4-lane input and output groups. */
const KEY_BYTES = 64;
const GROUP_IN = 256;
const GROUP_OUT = 128;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Sha256X4 {
  memory: WasmMemory;
  hmac(key: number, input: number, output: number, groups: number): void;
}

/** The part of the WebAssembly global used here (its types are in the DOM lib, not loaded). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** What `prepare` hashes batches with: see {@link Sha256Hmac.backend}. */
export type HmacBackend = 'native' | 'wasm' | 'js';

/** A backend to hash with, or `auto`: the fastest that loads here. */
export type HmacBackendChoice = HmacBackend | 'auto';

/**
 * What deterministic strategies hash their batches with in this thread: `native` (the addon built
 * from `native/`), `wasm` (WebAssembly SIMD) or `js`; see {@link useHmacBackend}.
 */
export function hmacBackend(): HmacBackend {
  return Sha256Hmac.backend;
}

/**
 * Reads a backend choice as the edge receives it (the CLI and the benchmarks: `CONFITURE_HMAC`):
 * unset or empty is `auto`; anything but auto, native, wasm or js is an ENVIRONMENT_INVALID error.
 */
export function parseHmacBackend(text: string | undefined): HmacBackendChoice {
  if (text === undefined || text === '') return 'auto';
  if (text === 'auto' || text === 'native' || text === 'wasm' || text === 'js') return text;
  return chooseBackend(text);
}

/**
 * Makes the strategies of this thread hash their batches with `choice` and returns the backend it
 * resolves to; an ENVIRONMENT_INVALID error when that backend does not load here. The sync calls
 * it in pre-flight, before anything is written, and each worker thread with the main thread's
 * backend.
 */
export function useHmacBackend(choice: HmacBackendChoice): HmacBackend {
  Sha256Hmac.useBackend(choice);
  return Sha256Hmac.backend;
}

let chosen: HmacBackend | undefined;

function chooseBackend(wanted: string): HmacBackend {
  switch (wanted) {
    case 'auto':
      return nativeAddon() ? 'native' : simd() ? 'wasm' : 'js';
    case 'native':
    case 'wasm': {
      const available = wanted === 'native' ? nativeAddon() !== null : simd() !== null;
      if (!available) {
        throw new ConfitureError(
          'ENVIRONMENT_INVALID',
          wanted === 'native'
            ? 'HMAC backend native: the addon was not built or does not load here (build it with `npx nx run strategies:native`), or use auto'
            : 'HMAC backend wasm: this Node has no WebAssembly SIMD; use auto or js',
          { hint: 'Unset CONFITURE_HMAC to let Confiture choose.' },
        );
      }
      return wanted;
    }
    case 'js':
      return 'js';
    default:
      throw new ConfitureError(
        'ENVIRONMENT_INVALID',
        `CONFITURE_HMAC=${wanted} is not a HMAC backend: use auto (the default), native, wasm or js`,
        { hint: 'Unset CONFITURE_HMAC to let Confiture choose.' },
      );
  }
}

/** The addon's one function (see native/hmac_batch.c). */
interface NativeHmac {
  hmacBatch(
    states: Int32Array,
    messages: Uint8Array,
    offsets: Int32Array,
    count: number,
    out: Uint8Array,
  ): void;
}

let addon: NativeHmac | null | undefined;

/**
 * The native addon, loaded once per thread from `native/build/Release` (beside `src` and `dist`
 * alike); null where it was not built, does not load, or does not give node:crypto's HMACs.
 */
function nativeAddon(): NativeHmac | null {
  if (addon === undefined) {
    addon = null;
    try {
      const module = { exports: {} as Partial<NativeHmac> };
      process.dlopen(
        module,
        join(__dirname, '..', '..', 'native', 'build', 'Release', 'confiture_hmac.node'),
      );
      const loaded = module.exports;
      if (typeof loaded.hmacBatch === 'function' && agreesWithNodeCrypto(loaded as NativeHmac)) {
        addon = loaded as NativeHmac;
      }
    } catch {
      // Not built here: WebAssembly it is.
    }
  }
  return addon;
}

/** Checks an addon on one short and one multi-block message before trusting it. */
function agreesWithNodeCrypto(candidate: NativeHmac): boolean {
  const key = Buffer.from('confiture addon self-check');
  const messages = ['user@example.org', 'x'.repeat(130)];
  const input = Buffer.from(messages.join(''));
  const out = new Uint8Array(64);
  candidate.hmacBatch(
    padStates(key, new Int32Array(64)),
    input,
    Int32Array.from([0, 16, 146]),
    2,
    out,
  );
  return messages.every((message, i) =>
    createHmac('sha256', key)
      .update(message)
      .digest()
      .equals(out.subarray(i * 32, i * 32 + 32)),
  );
}

/**
 * The SHA-256 states after the key block xored with 0x36 (inner, words 0-7) and with 0x5c (outer,
 * words 8-15). `w` is scratch space for {@link compress}.
 */
function padStates(key: Uint8Array, w: Int32Array): Int32Array {
  if (key.length > 64) throw new Error('Sha256Hmac takes keys of at most 64 bytes');
  const states = new Int32Array(16);
  const pad = new Uint8Array(64);
  for (const [at, xor] of [
    [0, 0x36],
    [8, 0x5c],
  ] as const) {
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ xor;
    const state = states.subarray(at, at + 8);
    state.set(INITIAL);
    compress(state, w, pad, 0);
  }
  return states;
}

let instance: Sha256X4 | null | undefined;

/** The SIMD module, compiled once per thread; null where WebAssembly SIMD is unavailable. */
function simd(): Sha256X4 | null {
  if (instance === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const module = new wasm.Module(Buffer.from(SHA256_HMAC_X4_WASM, 'base64'));
      instance = new wasm.Instance(module).exports as Sha256X4;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/**
 * Writes the padded one-block message of an ASCII `value` (55 characters or fewer) as big-endian
 * words four apart from `base` of `words`, reading the characters directly (no UTF-8 encoding
 * step: ASCII is its own). Returns false, having written nothing useful, if `value` is not ASCII.
 */
function stageAscii(value: string, words: Int32Array, base: number): boolean {
  const n = value.length;
  let word = 0;
  let w = base;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return false;
    word = (word << 8) | c;
    if ((i & 3) === 3) {
      words[w] = word;
      w += 4;
      word = 0;
    }
  }
  // The 0x80 byte after the message, zeros to the end of its word, then zero words to word 13.
  const used = n & 3;
  words[w] = ((word << 8) | 0x80) << (8 * (3 - used));
  for (w += 4; w < base + 56; w += 4) words[w] = 0;
  words[base + 56] = 0;
  words[base + 60] = (64 + n) * 8;
  return true;
}

/** The big-endian 32-bit word at `offset` of `bytes`. */
function readWord(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! << 24) |
    (bytes[offset + 1]! << 16) |
    (bytes[offset + 2]! << 8) |
    bytes[offset + 3]!
  );
}

function writeWord(out: Uint8Array, offset: number, word: number): void {
  out[offset] = word >>> 24;
  out[offset + 1] = (word >>> 16) & 0xff;
  out[offset + 2] = (word >>> 8) & 0xff;
  out[offset + 3] = word & 0xff;
}

/** Writes a bit length (below 2^53) big-endian into the last 8 bytes before `end`. */
function writeBitLength(out: Uint8Array, end: number, bits: number): void {
  const high = Math.floor(bits / 0x100000000);
  writeWord(out, end - 8, high);
  writeWord(out, end - 4, bits >>> 0);
}
