import { classifyValue, isPersonName } from './classify-value';

describe('isPersonName', () => {
  it('recognises person names by a common given name', () => {
    expect(isPersonName('Jean Dupont')).toBe(true);
    expect(isPersonName('María José García')).toBe(true);
    expect(isPersonName('Dupont, Jean')).toBe(true);
    expect(isPersonName('Ludwig van Beethoven')).toBe(false);
    expect(isPersonName('Ruby Red Mug')).toBe(false);
    expect(isPersonName('Oak Desk')).toBe(false);
  });
});

describe('classifyValue', () => {
  it('names the kind of a whole value', () => {
    expect(classifyValue(' jane@corp.com ')).toBe('email');
    expect(classifyValue('4539 5787 6362 1486')).toBe('card_number');
    expect(classifyValue('DE89370400440532013000')).toBe('iban');
    expect(classifyValue('123-45-6789')).toBe('national_id');
    expect(classifyValue('::1')).toBe('ip_address');
    expect(classifyValue('+33 6 12 34 56 78')).toBe('phone');
    expect(classifyValue('Anna Schmidt')).toBe('person_name');
    expect(classifyValue('12 rue de la Paix, 75002 Paris')).toBe('postal_address');
    expect(classifyValue('Hauptstraße 5, 10115 Berlin')).toBe('postal_address');
    expect(classifyValue('1600 Pennsylvania Avenue NW')).toBe('postal_address');
  });

  it('leaves ordinary values alone', () => {
    for (const value of [
      'active',
      'pending',
      '129.99',
      '2024-03-01 10:30:00+00',
      'SKU-000123-XL',
      'ORD-2024-000045',
      '550e8400-e29b-41d4-a716-446655440000',
      'Wireless Mouse',
      'Stainless Steel Water Bottle 750ml',
      'v1.2.3',
      '1000000000000008',
    ]) {
      expect([value, classifyValue(value)]).toEqual([value, undefined]);
    }
  });
});
