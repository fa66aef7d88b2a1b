import { readFileSync } from 'node:fs';
import { DOCS_FILE, strategyDocsText } from '../test-support/docs-file';
import { strategyDefinitions } from './registry';
import { renderStrategyDocs, renderStrategyHelp } from './strategy-docs';

describe('renderStrategyDocs', () => {
  it('documents every strategy with its options, contract and a real example', () => {
    const docs = renderStrategyDocs();
    for (const d of strategyDefinitions) expect(docs).toContain(`## ${d.type}\n`);
    expect(docs).toContain('collision probability at 10M values');
  });

  it('matches docs/strategies.md (run `npx nx run strategies:docs` after changing a strategy)', () => {
    expect(readFileSync(DOCS_FILE, 'utf8')).toBe(strategyDocsText());
  });
});

describe('renderStrategyHelp', () => {
  it('lists every strategy with its first sentence, and shows one in full', () => {
    const list = renderStrategyHelp()!;
    expect(list.split('\n')).toHaveLength(19);
    expect(list).toMatch(/^preserve +\S/);
    expect(renderStrategyHelp('email')).toContain('| `domain` |');
    expect(renderStrategyHelp('nope')).toBeUndefined();
  });
});
