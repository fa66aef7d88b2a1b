#!/usr/bin/env node
// @ts-check
/**
 * node tools/scripts/build-native.mjs <directory>
 *
 * Builds the Node.js addon in <directory> (its binding.gyp) with node-gyp. Addons are optional
 * accelerators: a machine without a C compiler, Python or Node's headers keeps the portable code.
 * So a failed build prints one warning and exits 0, unless CONFITURE_REQUIRE_NATIVE=1 (CI sets it,
 * so that a broken addon fails the build there).
 *
 * node-gyp is the one npm carries (npm tells its scripts where, in npm_config_node_gyp), or an
 * installed one. Node's headers come from npm's nodedir setting, else from the installation that
 * runs this script when it has them (official tarballs and distribution packages do), else node-gyp
 * downloads them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const directory = process.argv[2];
if (!directory || !existsSync(join(directory, 'binding.gyp'))) {
  console.error('usage: node tools/scripts/build-native.mjs <directory holding binding.gyp>');
  process.exit(2);
}
const required = process.env.CONFITURE_REQUIRE_NATIVE === '1';

/** Path of node-gyp's entry script, or undefined. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package
  }
  return candidates.find((path) => path !== undefined && existsSync(path));
}

function giveUp(reason) {
  const message = `native addon in ${directory} not built: ${reason}`;
  if (required) {
    console.error(`build-native: ${message} (CONFITURE_REQUIRE_NATIVE=1)`);
    process.exit(1);
  }
  console.warn(`build-native: ${message}; the portable implementation is used instead.`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) giveUp('node-gyp was not found (it comes with npm)');
const args = [nodeGyp, 'rebuild', `--directory=${resolve(directory)}`];
const prefix = resolve(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const result = spawnSync(process.execPath, args, {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.status !== 0) {
  // node-gyp's own report says what was missing (compiler, Python, headers).
  process.stderr.write(result.stdout + result.stderr);
  giveUp(`node-gyp exited with ${result.status ?? result.signal}`);
}
console.log(`build-native: built ${join(directory, 'build', 'Release')}`);
