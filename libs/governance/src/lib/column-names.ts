import type { TypeCategory } from '@confiture/strategies';
import type { PiiKind } from './pii-kind';

/** What a column's name or comment says about it. */
export interface NameSignal {
  kind: PiiKind;
  /** 0..1: how sure the words alone make us. */
  confidence: number;
  /** The words that matched, normalised (`e mail`, `date de naissance`). */
  term: string;
}

type SignalKind = PiiKind | 'none';

/**
 * Words and phrases (normalised: lower case, no accents, one space between words) by kind, in
 * English, French, German, Spanish, Italian, Portuguese and Dutch. `none` phrases are not personal
 * and mask the shorter phrases they contain (`mac address` is not a postal address).
 */
const LEXICON: readonly [SignalKind, number, string][] = [
  [
    'email',
    0.9,
    'email|e mail|emailaddress|email address|mail address|mailadresse|emailadresse|courriel|adresse mail|adresse email|adresse electronique|correo|correo electronico|posta elettronica|indirizzo email|epost|e post|email adres',
  ],
  ['email', 0.6, 'mail'],
  [
    'phone',
    0.85,
    'phone|phone number|phonenumber|phone no|telephone|telephone number|mobile|mobile phone|mobile number|cell|cellphone|cell phone|fax|fax number|telefono|telefon|telefonnummer|telefone|telemovel|celular|movil|handy|handynummer|numero telephone|gsm|msisdn|telefoonnummer|cellulare|landline|whatsapp',
  ],
  ['phone', 0.7, 'tel|portable'],
  [
    'person_name',
    0.85,
    'first name|firstname|given name|givenname|forename|last name|lastname|surname|family name|familyname|full name|fullname|middle name|middlename|maiden name|display name|displayname|nickname|nick name|prenom|nom de famille|nom famille|apellido|apellidos|primer apellido|vorname|nachname|familienname|cognome|sobrenome|voornaam|achternaam|tussenvoegsel',
  ],
  ['person_name', 0.6, 'username|user name|login name'],
  [
    'national_id',
    0.9,
    'ssn|social security|social security number|social security no|sin|nin|nino|national id|national identifier|national insurance|national insurance number|national number|tax id|taxpayer id|tax number|tfn|nif|nie|dni|cpf|curp|codice fiscale|steuer id|steuerid|steuernummer|steueridentifikationsnummer|sozialversicherungsnummer|personalausweis|personalausweisnummer|ausweisnummer|passport|passport number|passport no|passeport|pasaporte|passaporto|insee|nir|numero securite sociale|securite sociale|numero secu|secu|bsn|burgerservicenummer|pesel|aadhaar|driver license|drivers license|driving licence|driving license|driver licence|licence number|license number|id card|identity card|identity number|citizen id|voter id|personnummer|cnp|documento identidad|carte identite|numero fiscal|medical record number|mrn|health insurance number|nhs number|medicare number',
  ],
  ['national_id', 0.7, 'tin'],
  [
    'card_number',
    0.9,
    'card number|cardnumber|credit card|credit card number|creditcard|cc number|cc num|ccnum|cc no|card no|card num|primary account number|numero carte|carte bancaire|carte credit|numero tarjeta|tarjeta|tarjeta credito|kreditkarte|kreditkartennummer|kartennummer|numero carta|carta credito|cartao|cartao credito|debit card',
  ],
  ['card_number', 0.7, 'pan|cvv|cvc|cvv2|card security code'],
  ['iban', 0.95, 'iban|iban number'],
  [
    'iban',
    0.85,
    'bank account|bank account number|rib|kontonummer|bankverbindung|numero compte|compte bancaire|cuenta bancaria|numero cuenta|conto corrente|rekeningnummer|bban',
  ],
  ['iban', 0.6, 'account number|account no'],
  [
    'ip_address',
    0.85,
    'ip|ip address|ipaddress|ip addr|ipaddr|ipv4|ipv6|remote addr|remote address|remote ip|client ip|x forwarded for|forwarded for|source ip|login ip|last ip|user ip|adresse ip|direccion ip|indirizzo ip',
  ],
  [
    'postal_address',
    0.8,
    'address|street|street address|streetaddress|address line|addressline|addr|home address|mailing address|postal address|billing address|shipping address|residence|domicile|adresse|adresse postale|rue|strasse|anschrift|direccion|domicilio|calle|indirizzo|endereco|morada|adres|straat|huisnummer|house number|hausnummer',
  ],
  [
    'postal_address',
    0.6,
    'zip|zipcode|zip code|postal code|postalcode|postcode|post code|plz|postleitzahl|code postal|codigo postal|cep',
  ],
  [
    'date_of_birth',
    0.9,
    'dob|date of birth|birth date|birthdate|birthday|born|born on|born at|birth dt|geburtsdatum|geburtstag|date naissance|date de naissance|naissance|fecha nacimiento|fecha de nacimiento|nacimiento|data nascita|data di nascita|data nascimento|data de nascimento|nascimento|geboortedatum|verjaardag',
  ],
  ['date_of_birth', 0.6, 'birth year|year of birth|birthyear|anno nascita'],
  [
    'free_text',
    0.55,
    'note|comment|remark|memo|bio|biography|about me|feedback|free text|freetext|observation|observaciones|remarque|commentaire|bemerkung|notiz|anmerkung|kommentar|nota|commento|opmerking|notitie|annotation|internal note',
  ],
  ['free_text', 0.5, 'message'],
  [
    'none',
    0,
    'mac address|wallet address|contract address|memory address|server address|web address|host address|bitcoin address|base address|email template|mail server|mail host|ip range|street view',
  ],
];

/** Words of a comment that declare personal data without saying which kind. */
const DECLARED_PERSONAL =
  'pii|personal data|personal information|personally identifiable|sensitive|gdpr|donnees personnelles|donnee personnelle|datos personales|personenbezogene daten|personenbezogen|dati personali|dados pessoais|persoonsgegevens';
/** Words of a comment that say the column is not (or no longer) personal. */
const NOT_PERSONAL =
  'no pii|not pii|non pii|no personal|not personal|anonymized|anonymised|pseudonymized|pseudonymised|synthetic|hashed|encrypted';

/** A word after the match that makes it about something else (`email_verified`, `address_id`). */
const MODIFIERS = new Set(
  (
    'id ids uuid key type kind status state flag verified verification confirmed validated valid ' +
    'enabled disabled optin opt consent count cnt sent at on date time timestamp ts format ' +
    'template provider preference frequency domain hash hashed digest length len policy config ' +
    'setting required visible visibility public label source bounce bounced unsubscribed ' +
    'subscribed error attempt retry prefix extension ext country mask masked encrypted last4 ' +
    'brand network expiry exp expiration app os device platform version model range'
  ).split(' '),
);

/** A word before the match that makes it a count, a flag or a setting (`has_email`, `num_phones`). */
const NEGATING_PREFIXES = new Set(
  'is has have num nb count total max min avg n allow can need require use send valid default'.split(
    ' ',
  ),
);

/** A word before `message`/`note` that makes it a system text, not something a person wrote. */
const SYSTEM_TEXT_PREFIXES = new Set(
  'error status log commit exception system warning success failure release changelog build validation'.split(
    ' ',
  ),
);

/** Words for "name" that also name products, companies or files: they need a person around them. */
const AMBIGUOUS_NAME_WORDS = new Set(['name', 'nom', 'nombre', 'nome', 'naam']);

/** Words before "name" that make it a person's name (`contact_name`, `holder_name`). */
const PERSON_QUALIFIERS = new Set(
  (
    'first last full given family middle maiden display nick contact customer client patient ' +
    'employee person holder cardholder owner recipient sender billing shipping legal birth real ' +
    'emergency parent guardian spouse child beneficiary member passenger guest driver applicant ' +
    'candidate student teacher doctor physician author buyer'
  ).split(' '),
);

/** Table words that make a bare `name` column a person's name. */
const PERSON_TABLE_WORDS = new Set(
  (
    'user customer client employee staff person people patient contact member student author ' +
    'applicant candidate driver guest passenger subscriber owner account profile kunde kunden ' +
    'mitarbeiter benutzer utilisateur personne cliente usuario empleado paziente utente dipendente ' +
    'klant klanten gebruiker medewerker persona adherent abonne teacher doctor physician buyer ' +
    'seller recipient beneficiary lead prospect volunteer tenant'
  ).split(' '),
);

/** Long stems recognised inside unsegmented names (`useremail`, `contactphone`). */
const STEMS: readonly [PiiKind, string][] = [
  ['email', 'email'],
  ['email', 'courriel'],
  ['phone', 'telephone'],
  ['phone', 'phone'],
  ['phone', 'telefon'],
  ['person_name', 'firstname'],
  ['person_name', 'lastname'],
  ['person_name', 'surname'],
  ['date_of_birth', 'birthdate'],
  ['date_of_birth', 'birthday'],
  ['date_of_birth', 'geburtsdatum'],
  ['national_id', 'passport'],
];

interface Entry {
  kind: SignalKind;
  confidence: number;
  words: string[];
}

const ENTRIES: readonly Entry[] = LEXICON.flatMap(([kind, confidence, phrases]) =>
  phrases.split('|').map((phrase) => ({ kind, confidence, words: phrase.split(' ') })),
);
const DECLARED_ENTRIES = DECLARED_PERSONAL.split('|').map((p) => p.split(' '));
const NOT_PERSONAL_ENTRIES = NOT_PERSONAL.split('|').map((p) => p.split(' '));

/**
 * Splits an identifier or a sentence into normalised words: camelCase, snake_case, kebab-case and
 * digits are boundaries; accents are dropped and `ß` becomes `ss` (`Geburtsdatum`, `eMail`,
 * `address_line1`, `téléphone` → `geburtsdatum`, `e mail`, `address line 1`, `telephone`).
 */
export function tokenize(text: string): string[] {
  return text
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A word and its singular (`emails` → `email`, `addresses` → `address`, `notes` → `note`). */
function forms(word: string): string[] {
  if (word.length > 4 && word.endsWith('sses')) return [word, word.slice(0, -2)];
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss'))
    return [word, word.slice(0, -1)];
  return [word];
}

function matchesAt(words: string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((w, j) => {
    const word = words[at + j];
    return word !== undefined && forms(word).includes(w);
  });
}

function containsPhrase(words: string[], phrases: readonly (readonly string[])[]): boolean {
  return phrases.some((phrase) => words.some((_, i) => matchesAt(words, i, phrase)));
}

interface Match extends Entry {
  start: number;
  end: number;
}

/** Signals of a sequence of words: lexicon phrases, the "name" rule and stems. */
function signalsOf(words: string[], contextWords: readonly string[]): NameSignal[] {
  const found: Match[] = [];
  words.forEach((_, i) => {
    for (const entry of ENTRIES) {
      if (matchesAt(words, i, entry.words)) {
        found.push({ ...entry, start: i, end: i + entry.words.length });
      }
    }
  });
  // The longest phrase wins: `ip address` is not a postal address, `email template` not an email.
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || b.confidence - a.confidence);
  const kept: Match[] = [];
  for (const match of found) {
    if (kept.some((k) => match.start < k.end && k.start < match.end)) continue;
    kept.push(match);
  }
  const signals: NameSignal[] = [];
  const consumed = new Set<number>();
  for (const match of kept) {
    for (let i = match.start; i < match.end; i++) consumed.add(i);
    if (match.kind === 'none' || !applies(words, match.start, match.end, match.kind)) continue;
    signals.push({
      kind: match.kind,
      confidence: match.confidence,
      term: words.slice(match.start, match.end).join(' '),
    });
  }
  words.forEach((word, i) => {
    if (consumed.has(i) || !AMBIGUOUS_NAME_WORDS.has(word)) return;
    if (!applies(words, i, i + 1, 'person_name')) return;
    const before = words[i - 1];
    if (before !== undefined) {
      if (PERSON_QUALIFIERS.has(before) || before === 'user') {
        const qualified = words.slice(i - 1, i + 1).join(' ');
        signals.push({
          kind: 'person_name',
          confidence: before === 'user' ? 0.6 : 0.85,
          term: qualified,
        });
      }
      return;
    }
    const personal = contextWords.some((w) => forms(w).some((f) => PERSON_TABLE_WORDS.has(f)));
    if (personal) signals.push({ kind: 'person_name', confidence: 0.7, term: word });
  });
  if (signals.length === 0 && kept.length === 0) {
    for (const word of words) {
      const stem = STEMS.find(([, s]) => word.length > s.length && word.includes(s));
      if (stem && applies(words, words.indexOf(word), words.indexOf(word) + 1, stem[0])) {
        signals.push({ kind: stem[0], confidence: 0.7, term: stem[1] });
        break;
      }
    }
  }
  return signals;
}

/** Whether a match at words[start, end) is about personal data and not a flag, count or setting. */
function applies(words: string[], start: number, end: number, kind: PiiKind): boolean {
  if (words.slice(end).some((w) => forms(w).some((f) => MODIFIERS.has(f)))) return false;
  const before = words.slice(Math.max(0, start - 2), start);
  if (before.some((w) => NEGATING_PREFIXES.has(w))) return false;
  if (kind === 'free_text' && before.some((w) => SYSTEM_TEXT_PREFIXES.has(w))) return false;
  return true;
}

/**
 * What a column's name says: `e_mail`, `courriel`, `telefono`, `dob`, `geburtsdatum`,
 * `shipping_address`, `notes`... A bare `name` counts only in a table about people (`users`,
 * `kunden`); flags and counts (`email_verified`, `phone_count`, `has_address`) do not count.
 */
export function nameSignals(column: string, table?: string): NameSignal[] {
  return signalsOf(tokenize(column), table ? tokenize(table) : []);
}

/**
 * What a column (or JSON key) comment says: the same words as {@link nameSignals}, a little less
 * trusted, plus "PII"/"personal data" in several languages (kind `other`). A comment that says the
 * data is not personal, anonymized or hashed gives no signal.
 */
export function commentSignals(comment: string): NameSignal[] {
  const words = tokenize(comment);
  if (containsPhrase(words, NOT_PERSONAL_ENTRIES)) return [];
  const signals = signalsOf(words, []).map((s) => ({
    ...s,
    confidence: Math.round(s.confidence * 85) / 100,
  }));
  if (signals.length === 0 && containsPhrase(words, DECLARED_ENTRIES)) {
    signals.push({ kind: 'other', confidence: 0.6, term: 'declared personal' });
  }
  return signals;
}

const TEXTUAL: readonly TypeCategory[] = ['text', 'other', 'json', 'jsonb'];
const NUMERIC: readonly TypeCategory[] = ['integer', 'numeric'];
const DATES: readonly TypeCategory[] = ['date', 'timestamp', 'timestamptz'];

/** Column categories (of the element, for arrays) in which each kind of PII can be stored. */
export const KIND_CATEGORIES: Record<PiiKind, readonly TypeCategory[]> = {
  email: TEXTUAL,
  phone: [...TEXTUAL, ...NUMERIC],
  person_name: TEXTUAL,
  national_id: [...TEXTUAL, ...NUMERIC],
  card_number: [...TEXTUAL, ...NUMERIC],
  iban: TEXTUAL,
  ip_address: [...TEXTUAL, 'inet', 'integer'],
  postal_address: [...TEXTUAL, 'integer'],
  date_of_birth: [...TEXTUAL, ...DATES, 'integer'],
  free_text: TEXTUAL,
  json: ['json', 'jsonb'],
  array: TEXTUAL,
  other: [...TEXTUAL, ...NUMERIC, ...DATES, 'float', 'inet', 'uuid', 'bytea', 'enum'],
};

/** Whether a column of `category` can hold PII of `kind` (`email_verified boolean` cannot). */
export function kindFitsCategory(kind: PiiKind, category: TypeCategory): boolean {
  return KIND_CATEGORIES[kind].includes(category);
}
