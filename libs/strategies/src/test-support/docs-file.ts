import { join } from 'node:path';
import { renderStrategyDocs } from '../lib/strategy-docs';

/** Where the generated strategy docs live (listed in .prettierignore: written exactly as rendered). */
export const DOCS_FILE = join(__dirname, '../../../../docs/strategies.md');

/** The text docs/strategies.md must have. */
export function strategyDocsText(): string {
  return renderStrategyDocs();
}
