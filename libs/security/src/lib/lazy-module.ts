/**
 * A value made on first use, once: `const sdk = lazy(() => require('x') as typeof import('x'))`,
 * then `sdk()`. The cloud SDKs of the key providers load this way, so that a command that never
 * talks to AWS, Azure or Vault does not pay for loading them (about 0.35 s together). `require`,
 * not `import()`: these packages ship CommonJS and ESM builds, and this library runs as CommonJS,
 * so a dynamic import would load a second copy of each, whose classes are not the callers'.
 */
export function lazy<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}
