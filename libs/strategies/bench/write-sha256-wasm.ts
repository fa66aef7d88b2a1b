/**
 * Generates `src/lib/sha256-hmac-x4.wasm.ts`: a WebAssembly module that computes HMAC-SHA256 of
 * four one-block messages at once, one message per 32-bit lane of SIMD registers (multi-buffer
 * hashing). Run with `npx nx run strategies:wasm` after changing this file; a test fails when the
 * committed module differs from what this script writes.
 *
 * The WebAssembly text is generated rather than written by hand because the 64 rounds of SHA-256
 * are unrolled twice (inner and outer hash), with the eight working variables renamed instead of
 * moved between rounds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSha256WasmModule } from './sha256-wasm-source';

async function main(): Promise<void> {
  const target = join(__dirname, '..', 'src', 'lib', 'sha256-hmac-x4.wasm.ts');
  writeFileSync(target, await renderSha256WasmModule());
  console.log(`wrote ${target}`);
}

void main();
