#!/usr/bin/env node
// Writes oclif.manifest.json for the oclif CLI in the current directory (apps/cli), after its tsc
// build: with it, `confiture --version`, `--help` and each command start without requiring every
// command's module (and every library they import). It is what `oclif manifest` writes, done with
// @oclif/core itself so that the build needs no other package. Run by the cli project's build.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const require = createRequire(path.join(root, 'package.json'));
const { Plugin } = require('@oclif/core');

const plugin = new Plugin({
  root,
  type: 'core',
  isRoot: true,
  ignoreManifest: true,
  errorOnManifestCreate: true,
  respectNoCacheDefault: true,
});
await plugin.load();
const { manifest } = plugin;
const count = Object.keys(manifest.commands).length;
if (count === 0) {
  console.error(`oclif-manifest: no command found under ${root}: build the CLI first`);
  process.exit(1);
}
await writeFile(path.join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest)}\n`);
console.log(`oclif-manifest: ${count} commands → ${path.join(root, 'oclif.manifest.json')}`);
