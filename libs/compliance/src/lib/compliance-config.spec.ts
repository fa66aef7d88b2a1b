import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isConfitureError, type ConfitureError } from '@confiture/domain';
import { loadComplianceConfig, parseComplianceConfig } from './compliance-config';

function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (isConfitureError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('compliance.yaml', () => {
  it('loads the shipped example', () => {
    const config = loadComplianceConfig(resolve(__dirname, '../../../../examples/compliance.yaml'));
    expect(config.controller.name).toBeTruthy();
    expect(config.applicable_regulations).toContain('gdpr');
  });

  it('refuses an unknown key with its YAML path, line and the allowed keys', () => {
    const error = errorOf(() =>
      parseComplianceConfig(
        'controller:\n  name: Acme\n  contact: privacy@acme.example\n  phone: 123\n',
        'compliance.yaml',
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.location).toEqual(
      expect.objectContaining({ file: 'compliance.yaml', path: 'controller', line: 2 }),
    );
    expect(error.message).toContain('unknown key "phone"; allowed: name, contact, address');
  });

  it('names the path of a wrong value deep inside a list', () => {
    const error = errorOf(() =>
      parseComplianceConfig(
        'controller: { name: Acme, contact: x }\ntransfers:\n  - { to: US, regulations: [gdpr, hipaa] }\n',
        'c.yaml',
      ),
    );
    expect(error.location.path).toBe('transfers[0].regulations[1]');
    expect(error.message).toContain('hipaa');
  });

  it('requires the controller', () => {
    const error = errorOf(() => parseComplianceConfig('purposes: []\n', 'c.yaml'));
    expect(error.location.path).toBe('controller');
    expect(error.message).toContain('is required');
  });

  it('refuses custom YAML tags', () => {
    const error = errorOf(() => parseComplianceConfig('controller: !!js/function "x"\n', 'c.yaml'));
    expect(error.code).toBe('YAML_UNSAFE');
  });

  it('refuses a holiday that is not a date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compliance-config-'));
    const file = join(dir, 'compliance.yaml');
    writeFileSync(file, 'controller: { name: A, contact: b }\nholidays:\n  lgpd: [2026-13-01]\n');
    const error = errorOf(() => loadComplianceConfig(file));
    expect(error.location).toEqual(expect.objectContaining({ file, path: 'holidays.lgpd[0]' }));
    expect(readFileSync(file, 'utf8')).toContain('2026-13-01');
  });
});
