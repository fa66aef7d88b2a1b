import { findPersonNames } from '@confiture/strategies';

/**
 * Free text, as far as names go: at least three words. A shorter value (a city, a product, a
 * status) is not searched for names, so "Florence" or "Jaguar XF" in a column raise nothing.
 */
// Anchored on a non-space so that a long value without spaces is read once, not once per start.
const FREE_TEXT = /\S\s+\S+\s+\S/u;

/** Whether the leak scan reads `text` as free text holding a person name (precision tuning). */
export function holdsPersonName(text: string): boolean {
  return FREE_TEXT.test(text) && findPersonNames(text, 'precision').length > 0;
}
