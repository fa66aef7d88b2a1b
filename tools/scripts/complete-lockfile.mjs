#!/usr/bin/env node
// @ts-check
/**
 * node tools/scripts/complete-lockfile.mjs
 *
 * Why: the npm registry mirror of our build machines serves only the platforms they run on, so
 * `npm install` cannot resolve optional platform packages such as @swc/core-darwin-arm64 and leaves
 * them out of package-lock.json — after which `npm ci` refuses the lock ("Missing: ... from lock
 * file"). This adds an entry `{ version, optional: true }` for each optional dependency the lock
 * lacks. `npm ci` then installs what matches the machine and skips the rest, as it always does for
 * optional dependencies. Run it after every `npm install` that rewrites the lock.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // Node resolution: nested under the dependent first, then each ancestor, then the root.
    const candidates = [];
    let base = path;
    for (;;) {
      candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
      const cut = base.lastIndexOf('/node_modules/');
      if (!base) break;
      base = cut >= 0 ? base.slice(0, cut) : '';
    }
    if (candidates.some((c) => packages[c])) continue;
    packages[`node_modules/${name}`] = {
      version: String(range).replace(/^[\^~=]/, ''),
      optional: true,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(
  `complete-lockfile: added ${added} optional platform package(s) the registry does not serve`,
);
