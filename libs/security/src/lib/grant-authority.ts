import type { AuditKey } from './audit-key';
import { privateKeyFromSeed, SigningKey } from './principal-key';

/** The HKDF purpose of the grant authority's seed: changing it would orphan every grant. */
const GRANT_AUTHORITY_PURPOSE = 'grant-authority/ed25519/v1';

/**
 * The Ed25519 key that signs token grants, derived from CONFITURE_AUDIT_KEY: the grantor needs the
 * audit key to grant, while a reverser, who never holds the audit key, checks grants with its
 * public half. The vault keeps that public half sealed under a data key (see
 * `TokenVault.sealGrantAuthority`), so only a holder of the key provider can make a reverser
 * trust another authority.
 */
export class GrantAuthority extends SigningKey {
  /** The authority of `key`: the same audit key always gives the same authority. */
  static fromAuditKey(key: AuditKey): GrantAuthority {
    const seed = key.derive(GRANT_AUTHORITY_PURPOSE);
    try {
      return new GrantAuthority(privateKeyFromSeed(seed), 'the grant authority');
    } finally {
      seed.fill(0);
    }
  }
}
