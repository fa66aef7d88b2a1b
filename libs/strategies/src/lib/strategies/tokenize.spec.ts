import { errorOf, transformOf } from '../../test-support/harness';
import { createStrategy } from '../create-strategy';
import { describeColumn } from '../column';
import { createKeyMaterial } from '../key-material';

describe('tokenize strategy', () => {
  it('gives a deterministic token and hands the original to the token sink', () => {
    const recorded: [string, string, string][] = [];
    const tokenize = transformOf(
      'tokenize',
      { prefix: 'T_' },
      { name: 'account', sink: { record: (t, o, m) => recorded.push([t, o, m.column]) } },
    );
    const token = tokenize('ACC-00042')!;
    expect(token).toMatch(/^T_[0-9a-f]{32}$/);
    expect(tokenize('ACC-00042')).toBe(token);
    expect(recorded).toEqual([
      [token, 'ACC-00042', 'account'],
      [token, 'ACC-00042', 'account'],
    ]);
  });

  it('refuses to run without a token sink: originals would be lost', () => {
    const error = errorOf(() =>
      createStrategy(
        'tokenize',
        {},
        { column: describeColumn('account', 'text'), keys: createKeyMaterial('s') },
      ),
    );
    expect(error.code).toBe('STRATEGY_OPTIONS');
    expect(error.message).toContain('no token store');
  });
});
