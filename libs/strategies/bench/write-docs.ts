// Writes docs/strategies.md from the strategy definitions (`npx nx run strategies:docs`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strategyDocsText } from '../src/test-support/docs-file';

const target = join(__dirname, '../../../docs/strategies.md');
writeFileSync(target, strategyDocsText());
console.log(`wrote ${target}`);
