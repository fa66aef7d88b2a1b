import { commentSignals, kindFitsCategory, nameSignals, tokenize } from './column-names';

const kindOf = (column: string, table?: string) => nameSignals(column, table).map((s) => s.kind);

describe('tokenize', () => {
  it('splits camelCase, snake_case and digits and drops accents', () => {
    expect(tokenize('eMailAddress_2')).toEqual(['e', 'mail', 'address', '2']);
    expect(tokenize('téléphone')).toEqual(['telephone']);
    expect(tokenize('Straße')).toEqual(['strasse']);
    expect(tokenize('SSNNumber')).toEqual(['ssn', 'number']);
  });
});

describe('nameSignals', () => {
  it.each([
    ['email', 'email'],
    ['e_mail', 'email'],
    ['eMail', 'email'],
    ['courriel', 'email'],
    ['correo_electronico', 'email'],
    ['backup_emails', 'email'],
    ['telefono', 'phone'],
    ['Telefonnummer', 'phone'],
    ['mobile_phone', 'phone'],
    ['dob', 'date_of_birth'],
    ['geburtsdatum', 'date_of_birth'],
    ['date_de_naissance', 'date_of_birth'],
    ['fecha_nacimiento', 'date_of_birth'],
    ['first_name', 'person_name'],
    ['Nachname', 'person_name'],
    ['prenom', 'person_name'],
    ['apellidos', 'person_name'],
    ['contact_name', 'person_name'],
    ['ssn', 'national_id'],
    ['codice_fiscale', 'national_id'],
    ['passport_number', 'national_id'],
    ['credit_card_number', 'card_number'],
    ['iban', 'iban'],
    ['ip_address', 'ip_address'],
    ['last_login_ip', 'ip_address'],
    ['shipping_address', 'postal_address'],
    ['address_line1', 'postal_address'],
    ['strasse', 'postal_address'],
    ['postal_code', 'postal_address'],
    ['notes', 'free_text'],
    ['commentaire', 'free_text'],
    ['useremail', 'email'],
  ])('%s is %s', (column, kind) => {
    expect(kindOf(column)).toEqual([kind]);
  });

  it.each([
    'status',
    'amount',
    'created_at',
    'sku',
    'order_number',
    'product_name',
    'company_name',
    'email_verified',
    'email_sent_at',
    'phone_count',
    'has_address',
    'is_mobile',
    'address_id',
    'mac_address',
    'email_template',
    'error_message',
    'tracking_number',
    'quantity',
    'description',
  ])('%s says nothing', (column) => {
    expect(kindOf(column)).toEqual([]);
  });

  it('treats a bare name as a person only in a table about people', () => {
    expect(kindOf('name', 'customers')).toEqual(['person_name']);
    expect(kindOf('name', 'Kunden')).toEqual(['person_name']);
    expect(kindOf('name', 'products')).toEqual([]);
    expect(kindOf('nom', 'utilisateurs')).toEqual(['person_name']);
  });
});

describe('commentSignals', () => {
  it('reads kinds from comments, a little less trusted than names', () => {
    expect(commentSignals('primary e-mail')).toEqual([
      { kind: 'email', confidence: 0.77, term: 'e mail' },
    ]);
    expect(commentSignals('Numéro de téléphone du client').map((s) => s.kind)).toEqual(['phone']);
  });

  it('reads declarations of personal data in several languages', () => {
    expect(commentSignals('contains PII').map((s) => s.kind)).toEqual(['other']);
    expect(commentSignals('personenbezogene Daten').map((s) => s.kind)).toEqual(['other']);
  });

  it('gives nothing when the comment says the data is not personal', () => {
    expect(commentSignals('email, hashed with sha256')).toEqual([]);
    expect(commentSignals('no PII here')).toEqual([]);
  });
});

describe('kindFitsCategory', () => {
  it('keeps kinds to the types that can hold them', () => {
    expect(kindFitsCategory('email', 'boolean')).toBe(false);
    expect(kindFitsCategory('date_of_birth', 'date')).toBe(true);
    expect(kindFitsCategory('email', 'timestamptz')).toBe(false);
    expect(kindFitsCategory('ip_address', 'inet')).toBe(true);
  });
});
