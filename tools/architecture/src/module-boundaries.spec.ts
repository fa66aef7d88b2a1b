import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

/**
 * Lints `code` as the workspace file `path` with the workspace's own ESLint config (in a child
 * process: ESLint loads its flat config as an ES module, which Jest's sandbox cannot).
 */
function lint(path: string, code: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [eslintBin, '--stdin', '--stdin-filename', path, '--format', 'json'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        try {
          const [result] = JSON.parse(stdout) as {
            messages: { ruleId: string; message: string }[];
          }[];
          resolve(
            (result?.messages ?? [])
              .filter(
                (m) =>
                  m.ruleId === '@nx/enforce-module-boundaries' ||
                  m.ruleId === 'no-restricted-imports',
              )
              .map((m) => m.message),
          );
        } catch {
          reject(error ?? new Error(`eslint printed no JSON: ${stdout}`));
        }
      },
    );
    child.stdin?.end(code);
  });
}

const importOf = (name: string) => `import * as x from '${name}';\nexport const y = x;\n`;
const FORBIDDEN =
  /can only depend on libs tagged with|Circular dependency|Projects should use relative imports/;

describe('dependency direction (SPEC.md "Layout")', () => {
  it.each([
    ['domain imports no other library', 'libs/domain/src/lib/x.ts', '@confiture/security'],
    ['strategies never imports security', 'libs/strategies/src/lib/x.ts', '@confiture/security'],
    ['strategies never imports sync', 'libs/strategies/src/lib/x.ts', '@confiture/sync'],
    ['security imports only domain', 'libs/security/src/lib/x.ts', '@confiture/strategies'],
    ['performance does not import sync', 'libs/performance/src/lib/x.ts', '@confiture/sync'],
    ['sync does not import governance', 'libs/sync/src/lib/x.ts', '@confiture/governance'],
    ['sync does not import security', 'libs/sync/src/lib/x.ts', '@confiture/security'],
    ['no library imports an app', 'libs/compliance/src/lib/x.ts', '@confiture/cli'],
  ])('%s', async (_name, file, imported) => {
    const messages = await lint(file, importOf(imported));
    expect(messages.join('\n')).toMatch(FORBIDDEN);
  });

  it('allows the intended arrows', async () => {
    expect(await lint('libs/sync/src/lib/x.ts', importOf('@confiture/strategies'))).toEqual([]);
    expect(await lint('libs/governance/src/lib/x.ts', importOf('@confiture/sync'))).toEqual([]);
    expect(await lint('apps/cli/src/x.ts', importOf('@confiture/governance'))).toEqual([]);
  });

  it('keeps the test tools out of library code', async () => {
    const messages = await lint('libs/sync/src/lib/x.ts', importOf('@confiture/pg-harness'));
    expect(messages.join('\n')).toContain('pg-harness is for tests, demo and benchmarks only.');
  });
});
