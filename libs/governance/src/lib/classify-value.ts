import {
  containsPostalAddress,
  isCardNumber,
  isEmail,
  isIban,
  isIpAddress,
  isNationalId,
  isPhoneNumber,
} from '@confiture/strategies';
import { isGivenName } from './given-names';
import type { ValueKind } from './pii-kind';

const NAME_WORD = "[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+";

/**
 * A person's name: "Given Family" (2–4 capitalised words) or "Family, Given" whose given name is a
 * common first name, or a common first name alone.
 */
export function isPersonName(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length > 80) return false;
  const forward = new RegExp(
    `^${NAME_WORD}(?: (?:(?:van|von|de|del|della|da|di|du|le|la|der|den|ter|y) )?${NAME_WORD}){0,3}$`,
  );
  if (forward.test(trimmed)) return isGivenName(trimmed.split(' ')[0]!);
  const comma = new RegExp(`^${NAME_WORD}(?: ${NAME_WORD})?, ${NAME_WORD}(?: ${NAME_WORD})?$`);
  if (comma.test(trimmed)) return isGivenName(trimmed.split(', ')[1]!.split(' ')[0]!);
  return false;
}

/**
 * The kind of personal data `value` is as a whole (trimmed), or undefined: the value is exactly an
 * email, phone number, national id, card number, IBAN, IP address, person name or street address.
 */
export function classifyValue(value: string): ValueKind | undefined {
  const text = value.trim();
  if (text.length < 3 || text.length > 254) return undefined;
  if (isEmail(text)) return 'email';
  if (isIban(text)) return 'iban';
  if (isCardNumber(text)) return 'card_number';
  if (isNationalId(text)) return 'national_id';
  if (isIpAddress(text)) return 'ip_address';
  if (isPhoneNumber(text)) return 'phone';
  if (isPersonName(text)) return 'person_name';
  if (text.length <= 150 && containsPostalAddress(text)) return 'postal_address';
  return undefined;
}
