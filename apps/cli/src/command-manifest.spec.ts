import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const CLI = join(__dirname, '..');
const COMMANDS = join(CLI, 'dist', 'commands');

/** Command ids of the built CLI: `dist/commands/audit/log.js` → `audit:log`. */
function builtCommandIds(dir = COMMANDS): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return builtCommandIds(path);
    if (!entry.endsWith('.js') || entry.endsWith('.spec.js')) return [];
    return [relative(COMMANDS, path).slice(0, -'.js'.length).split(sep).join(':')];
  });
}

// The build writes oclif.manifest.json (tools/scripts/oclif-manifest.mjs) so that a command starts
// without loading every other one; a manifest that missed a command would make it unknown.
describe('oclif.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(CLI, 'oclif.manifest.json'), 'utf8')) as {
    version: string;
    commands: Record<
      string,
      { flags: Record<string, unknown>; summary?: string; description?: string }
    >;
  };

  it('lists exactly the built commands, at the package version', () => {
    expect(Object.keys(manifest.commands).sort()).toEqual(builtCommandIds().sort());
    const pkg = JSON.parse(readFileSync(join(CLI, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
  });

  it('describes each command with its flags', () => {
    expect(manifest.commands['sync']?.flags).toHaveProperty('from');
    for (const [id, command] of Object.entries(manifest.commands)) {
      expect([id, typeof (command.summary ?? command.description)]).toEqual([id, 'string']);
    }
  });
});
