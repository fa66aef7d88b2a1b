import { cleanEvidence, fullConfig } from '../test-support/evidence-fixture';
import { combineOutcomes, combineStatuses, evaluateEvidence } from './requirement-status';

describe('evidence rules', () => {
  it('meets the verification requirement only with a passed verification on record', () => {
    expect(evaluateEvidence('anonymization_verified', cleanEvidence(), undefined).status).toBe(
      'met',
    );
    const skipped = cleanEvidence();
    skipped.lastSync.verification = { state: 'skipped', checks: [] };
    expect(evaluateEvidence('anonymization_verified', skipped, undefined)).toEqual(
      expect.objectContaining({
        status: 'unmet',
        finding: expect.stringContaining('ran without verification'),
      }),
    );
    const failed = cleanEvidence();
    failed.lastSync.verification = {
      state: 'failed',
      checks: [
        {
          name: 'no-source-values',
          status: 'failed',
          detail: '3 values',
          table: 'public.users',
          column: 'email',
        },
      ],
    };
    expect(evaluateEvidence('anonymization_verified', failed, undefined)).toEqual(
      expect.objectContaining({
        status: 'unmet',
        finding: expect.stringContaining('no-source-values public.users.email'),
      }),
    );
  });

  it('is partial when a later run failed after the verified one', () => {
    expect(
      evaluateEvidence(
        'anonymization_verified',
        cleanEvidence({ laterIncompleteRuns: 1 }),
        undefined,
      ).status,
    ).toBe('partial');
  });

  it('turns unmet when a chain is broken, naming the entry', () => {
    const evidence = cleanEvidence();
    evidence.chains.lineage = {
      ...evidence.chains.lineage,
      ok: false,
      firstProblem: { sequence: 2, kind: 'altered', message: 'entry hash mismatch' },
    };
    expect(evaluateEvidence('lineage_intact', evidence, undefined)).toEqual(
      expect.objectContaining({
        status: 'unmet',
        finding: expect.stringContaining('entry 2 altered'),
      }),
    );
    expect(evaluateEvidence('audit_log_intact', evidence, undefined).status).toBe('met');
  });

  it('turns unmet on an unmapped PII column, and partial with no PII audit at all', () => {
    const unmapped = cleanEvidence();
    unmapped.piiAudit!.unmapped = [{ table: 'public.users', column: 'phone', kind: 'phone' }];
    expect(evaluateEvidence('pii_columns_anonymized', unmapped, undefined)).toEqual(
      expect.objectContaining({
        status: 'unmet',
        finding: expect.stringContaining('public.users.phone (phone)'),
      }),
    );
    const { piiAudit: _, ...withoutAudit } = cleanEvidence();
    expect(evaluateEvidence('pii_columns_anonymized', withoutAudit, undefined).status).toBe(
      'partial',
    );
    expect(evaluateEvidence('pii_inventory', withoutAudit, undefined).status).toBe('unmet');
  });

  it("counts an inventory taken during the last sync (its pre-flight's) and flags an older one", () => {
    const during = cleanEvidence();
    during.piiAudit!.auditedAt = new Date(
      (Date.parse(during.lastSync.startedAt) + Date.parse(during.lastSync.finishedAt)) / 2,
    ).toISOString();
    expect(evaluateEvidence('pii_inventory', during, undefined).status).toBe('met');
    const before = cleanEvidence();
    before.piiAudit!.auditedAt = new Date(
      Date.parse(before.lastSync.startedAt) - 1000,
    ).toISOString();
    expect(evaluateEvidence('pii_inventory', before, undefined)).toEqual(
      expect.objectContaining({ status: 'partial', finding: expect.stringContaining('predates') }),
    );
  });

  it('turns unmet on a granted reversal without a reason', () => {
    const evidence = cleanEvidence();
    evidence.tokenAccess.reversals.push({
      sequence: 3,
      principal: 'bob',
      outcome: 'granted',
      hasReason: false,
      at: '2026-03-01T06:00:00.000Z',
    });
    expect(evaluateEvidence('token_access_controlled', evidence, undefined)).toEqual(
      expect.objectContaining({ status: 'unmet', finding: expect.stringContaining('#3 by bob') }),
    );
  });

  it('is not applicable with no reversible column and no token activity', () => {
    const evidence = cleanEvidence({ tokenAccess: { grants: [], reversals: [] } });
    evidence.columns = evidence.columns.filter((c) => !c.reversible);
    expect(evaluateEvidence('token_access_controlled', evidence, undefined).status).toBe(
      'not_applicable',
    );
  });

  it('never meets a declaration that compliance.yaml does not make', () => {
    for (const kind of [
      'controller_identity',
      'dpo_contact',
      'purposes_declared',
      'recipients_declared',
      'retention_declared',
      'transfers_safeguarded',
      'subject_requests_channel',
    ] as const) {
      expect(evaluateEvidence(kind, cleanEvidence(), undefined).status).toBe('unmet');
    }
    expect(evaluateEvidence('transfers_safeguarded', cleanEvidence(), fullConfig()).status).toBe(
      'not_applicable',
    );
    expect(
      evaluateEvidence(
        'transfers_safeguarded',
        cleanEvidence(),
        fullConfig({ transfers: [{ to: 'US' }] }),
      ).status,
    ).toBe('partial');
    expect(
      evaluateEvidence(
        'purposes_declared',
        cleanEvidence(),
        fullConfig({ purposes: [{ name: 'tests' }] }),
      ).status,
    ).toBe('partial');
    expect(
      evaluateEvidence(
        'dpo_contact',
        cleanEvidence(),
        fullConfig({
          dpo: { required: false, reason: 'fewer than 250 staff, Art. 37(1) not met' },
        }),
      ).status,
    ).toBe('not_applicable');
  });

  it('keeps subject requests partial until a request register exists', () => {
    expect(evaluateEvidence('subject_requests_channel', cleanEvidence(), fullConfig()).status).toBe(
      'partial',
    );
  });
});

describe('combineOutcomes', () => {
  it('is unmet when essential evidence fails, even if the rest is met', () => {
    const evidence = cleanEvidence();
    evidence.chains.lineage = {
      ...evidence.chains.lineage,
      ok: false,
      firstProblem: { sequence: 1, kind: 'altered', message: 'x' },
    };
    const outcomes = [
      evaluateEvidence('audit_log_intact', evidence, undefined),
      evaluateEvidence('lineage_intact', evidence, undefined),
    ];
    expect(combineOutcomes(outcomes)).toBe('unmet');
  });

  it('is partial when a declaration is missing beside met evidence', () => {
    const outcomes = [
      evaluateEvidence('anonymization_verified', cleanEvidence(), undefined),
      evaluateEvidence('retention_declared', cleanEvidence(), undefined),
    ];
    expect(combineOutcomes(outcomes)).toBe('partial');
  });
});

describe('combineStatuses', () => {
  it.each([
    [['met', 'met'], 'met'],
    [['met', 'not_applicable'], 'met'],
    [['met', 'unmet'], 'partial'],
    [['partial'], 'partial'],
    [['unmet', 'unmet'], 'unmet'],
    [['not_applicable', 'not_applicable'], 'not_applicable'],
    [[], 'unmet'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(combineStatuses(statuses)).toBe(expected);
  });
});
