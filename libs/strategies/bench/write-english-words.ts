/**
 * Generates `src/lib/english-words.ts` from the SCOWL-derived Hunspell dictionary of the
 * `dictionary-en` package (MIT and BSD licensed): the lower-case words of English, the verbs
 * (entries with the -ed or -ing affix) apart from the other words. The person-name finder uses them to
 * tell "Will" the name from "will" the verb, and "Customer" from a surname it does not know. Run
 * with `npx nx run strategies:english-words`; a test fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnglishWords } from './english-words-source';

const target = join(__dirname, '..', 'src', 'lib', 'english-words.ts');
writeFileSync(target, renderEnglishWords());
console.log(`wrote ${target}`);
