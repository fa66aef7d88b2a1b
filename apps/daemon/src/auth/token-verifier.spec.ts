import { hasRole, tokenSha256, verifyToken } from './token-verifier';

describe('verifyToken', () => {
  const tokens = [
    { name: 'viewer-bot', role: 'viewer' as const, sha256: tokenSha256('token-one') },
    { name: 'ci-bot', role: 'operator' as const, sha256: tokenSha256('token-two') },
  ];

  it('names the token whose SHA-256 matches', () => {
    expect(verifyToken(tokens, 'token-two')).toEqual({ name: 'ci-bot', role: 'operator' });
  });

  it('knows no token that is not configured, nor the hash itself given as a token', () => {
    expect(verifyToken(tokens, 'token-three')).toBeUndefined();
    expect(verifyToken(tokens, tokens[0]!.sha256)).toBeUndefined();
    expect(verifyToken(tokens, '')).toBeUndefined();
  });
});

describe('hasRole', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'admin')).toBe(false);
  });
});
