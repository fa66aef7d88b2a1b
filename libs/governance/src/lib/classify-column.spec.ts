import type { CatalogColumn } from '@confiture/sync';
import { classifyColumn, type ColumnSample } from './classify-column';

const table = { schema: 'public', name: 'orders' };

function column(name: string, overrides: Partial<CatalogColumn> = {}): CatalogColumn {
  return {
    name,
    position: 1,
    type: 'text',
    category: 'text',
    isArray: false,
    notNull: false,
    hasDefault: false,
    generated: false,
    binaryCopy: true,
    ...overrides,
  };
}

const scalar = (...values: string[]): ColumnSample => ({ shape: 'scalar', values });

describe('classifyColumn', () => {
  it('flags a column by its name and says why', () => {
    const finding = classifyColumn({ table, column: column('e_mail') });
    expect(finding).toMatchObject({ pii: true, kind: 'email', confidence: 0.9 });
    expect(finding.evidence[0]!.detail).toBe('column name contains "e mail" (email address)');
  });

  it('ignores a PII-sounding name on a type that cannot hold it', () => {
    const finding = classifyColumn({
      table,
      column: column('email_ok', { type: 'boolean', category: 'boolean' }),
    });
    expect(finding).toMatchObject({ pii: false, confidence: 0, evidence: [] });
  });

  it('flags inet columns by their type', () => {
    const finding = classifyColumn({
      table,
      column: column('source', { type: 'inet', category: 'inet' }),
    });
    expect(finding).toMatchObject({ pii: true, kind: 'ip_address', confidence: 0.95 });
  });

  it('flags a column whose values are mostly of one kind, whatever its name', () => {
    const finding = classifyColumn({
      table,
      column: column('misc'),
      sample: scalar('jane@corp.com', 'bob@mail.org', 'n/a', 'li.wei@uni.edu'),
    });
    expect(finding).toMatchObject({ pii: true, kind: 'email' });
    expect(finding.evidence[0]!.detail).toBe('3 of 4 sampled values are email addresses');
  });

  it('calls a column free text when PII hides inside longer values', () => {
    const finding = classifyColumn({
      table,
      column: column('remarks_2'),
      sample: scalar(
        'Customer asked for a refund',
        'Call back on +33 6 12 34 56 78 after 5pm',
        'Delivered',
        'Wrong size, write to jane@corp.com',
      ),
    });
    expect(finding).toMatchObject({ pii: true, kind: 'free_text' });
    expect(finding.contains.sort()).toEqual(['email', 'phone']);
  });

  it('does not flag ordinary values', () => {
    const finding = classifyColumn({
      table,
      column: column('label'),
      sample: scalar(
        'Wireless Mouse',
        'USB-C Cable 2m',
        'Desk Lamp',
        'Oak Desk',
        'Victoria Sponge Cake',
      ),
    });
    expect(finding).toMatchObject({ pii: false });
  });

  it('finds PII two levels down in JSON and names the path', () => {
    const finding = classifyColumn({
      table,
      column: column('payload', { type: 'jsonb', category: 'jsonb' }),
      sample: {
        shape: 'json',
        values: [
          { order: { shipping: { contact: 'ana@mail.pt' } }, total: 12 },
          { order: { shipping: { contact: 'luis@mail.es' } }, total: 99 },
        ],
      },
    });
    expect(finding).toMatchObject({ pii: true, kind: 'json', contains: ['email'] });
    expect(finding.jsonPaths).toEqual(['$.order.shipping.contact']);
  });

  it('uses JSON key names in several languages', () => {
    const finding = classifyColumn({
      table,
      column: column('extra', { type: 'jsonb', category: 'jsonb' }),
      sample: { shape: 'json', values: [{ kunde: { geburtsdatum: '1980-01-02' } }] },
    });
    expect(finding).toMatchObject({ pii: true, kind: 'json', contains: ['date_of_birth'] });
    expect(finding.jsonPaths).toEqual(['$.kunde.geburtsdatum']);
  });

  it('classifies arrays by their elements', () => {
    const finding = classifyColumn({
      table,
      column: column('aliases', { type: 'text[]', isArray: true }),
      sample: { shape: 'array', values: [['jane@corp.com', 'j.doe@home.net'], ['x@y.io']] },
    });
    expect(finding).toMatchObject({ pii: true, kind: 'array', contains: ['email'] });
  });

  it('never puts sampled values in the evidence', () => {
    const finding = classifyColumn({
      table,
      column: column('misc'),
      sample: scalar('jane@corp.com', '123-45-6789'),
    });
    expect(JSON.stringify(finding)).not.toMatch(/jane|6789/);
  });

  it('finds person names inside free text, and only in sentences', () => {
    const notes = scalar(
      'Spoke with James Lopez about the refund.',
      'Dear Mr Smith, your parcel left today.',
      'Hi Anna, the invoice is attached.',
      'Called Giulia Rossi back, no answer.',
      'Will you mark it before May?',
    );
    const finding = classifyColumn({
      table,
      column: column('remarks_x', { category: 'other' }),
      sample: notes,
    });
    expect(finding).toMatchObject({ pii: true, kind: 'free_text', contains: ['person_name'] });
    const places = scalar('Florence', 'Paris', 'Jaguar XF', 'Grant Street', 'Victoria');
    expect(classifyColumn({ table, column: column('x_label'), sample: places }).pii).toBe(false);
  });
});
