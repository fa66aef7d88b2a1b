import { randomUUID } from 'node:crypto';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { AuditKey } from './audit-key';
import { LocalKeyProvider } from './local-key-provider';
import { appendLineage, hashStrategyOptions, listLineageEntries } from './lineage';
import { listTokenAccessLog } from './token-access-log';
import { PrincipalCredential } from './principal-key';
import { listTokenGrants } from './token-grants';
import { TokenVault } from './token-vault';

const key = AuditKey.fromString('ledger-reads-test-key-0123456789abcdef01234');

describe('public reads of the lineage and the token access log', () => {
  let db: ConnectedTestDatabase;
  beforeEach(async () => {
    db = await connectTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('lists the lineage of one run in chain order', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const entry = (runId: string, column: string) => ({
      runId,
      table: 'public.users',
      column,
      strategy: 'email',
      optionsSha256: hashStrategyOptions({}),
      rows: 3,
    });
    await appendLineage(db.client, [entry(first, 'email'), entry(first, 'phone')], key);
    await appendLineage(db.client, [entry(second, 'email')], key);
    const run = await listLineageEntries(db.client, { runId: first });
    expect(run.map((e) => [e.sequence, e.column, e.runId])).toEqual([
      [1, 'email', first],
      [2, 'phone', first],
    ]);
    expect((await listLineageEntries(db.client)).length).toBe(3);
  });

  it('lists grants (from the grants ledger) and reversals with whether a reason was given, never the reason or original', async () => {
    const vault = await TokenVault.open(db.client, {
      keyProvider: LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: 'ab'.repeat(32) }),
      auditKey: key,
    });
    try {
      await vault.storeTokens([
        { token: 'tok_1', original: 'ann@example.com', table: 'public.users', column: 'email' },
      ]);
      const ann = PrincipalCredential.generate().credential;
      const bob = PrincipalCredential.generate().credential;
      await vault.grant('ann', 'REVERSE_WITH_REASON', { publicKey: ann.publicKey.text });
      await vault.grant('bob', 'REVERSE_WITHOUT_REASON', { publicKey: bob.publicKey.text });
      await vault.reverse('tok_1', {
        as: 'ann',
        credential: ann,
        reason: 'ticket SUP-1234 refund',
      });
      await vault.reverse('tok_1', { as: 'bob', credential: bob });
    } finally {
      await vault.close();
    }
    const log = await listTokenAccessLog(db.client);
    expect(log.map((e) => [e.event, e.principal, e.outcome, e.hasReason])).toEqual([
      ['reverse', 'ann', 'granted', true],
      ['reverse', 'bob', 'granted', false],
    ]);
    expect(JSON.stringify(log)).not.toMatch(/SUP-1234|ann@example\.com/);
    const { verification, grants } = await listTokenGrants(db.client, key);
    expect(verification.ok).toBe(true);
    expect(grants.map((g) => [g.event, g.principal, g.accessLevel, g.scoped])).toEqual([
      ['grant', 'ann', 'REVERSE_WITH_REASON', false],
      ['grant', 'bob', 'REVERSE_WITHOUT_REASON', false],
    ]);
    expect(JSON.stringify(grants)).not.toMatch(/ed25519:/);
  });
});
