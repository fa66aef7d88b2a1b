import { join } from 'node:path';
import { testCatalog } from '../test-support/test-catalog';
import { loadProfile, parseProfile } from './load-profile';
import { summarizeProfile } from './profile-summary';

describe('summarizeProfile', () => {
  it('counts tables, rules and strategies, and warns about literal seeds', () => {
    const file = join(__dirname, '../../../../examples/seed-004-anonymization_config.yaml');
    const summary = summarizeProfile(loadProfile(file, { catalog: testCatalog }));
    expect(summary).toMatchObject({
      tables: 4,
      tablesWithRules: 2,
      rules: 7,
      strategies: { email: 1, phone: 1, redact: 1, name: 2, address: 2 },
      excludedTables: ['public.audit_logs', 'public.session_data'],
    });
    expect(summary.seeds).toContain('literal (global.seed)');
    expect(summary.warnings[0]).toMatch(/^global\.seed writes a seed into the profile/);
  });

  it('has no warning when seeds come from the environment', () => {
    const profile = parseProfile(
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  users: [{ column: email, strategy: email }]\n',
      'p.yaml',
      { catalog: testCatalog },
    );
    const summary = summarizeProfile(profile);
    expect(summary.seeds).toEqual(['env CONFITURE_SEED (global.seed_env_var)']);
    expect(summary.warnings).toEqual([]);
  });
});
