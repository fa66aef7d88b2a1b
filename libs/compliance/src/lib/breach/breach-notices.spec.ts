import { fullConfig } from '../../test-support/evidence-fixture';
import type { IncidentRecord } from './breach-store';
import { noticesFor } from './breach-notices';
import { renderNoticesHtml, renderNoticesMarkdown } from './render-notices';

function incident(overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: '0f0e0d0c-0b0a-4909-8807-060504030201',
    detectedAt: '2026-03-05T18:00:00-03:00',
    severity: 'HIGH',
    categories: ['email', 'card_number'],
    subjects: 1200,
    regions: ['BR', 'DE', 'US-CA', 'JP'],
    recordedAt: '2026-03-05T21:10:00.000Z',
    recordedBy: 'alice@laptop',
    sha256: 'a'.repeat(64),
    auditSequence: 3,
    proof: 'signed',
    notifications: [],
    ...overrides,
  };
}

describe('noticesFor', () => {
  const at = new Date('2026-03-06T12:00:00Z');

  it("computes each applicable law's deadlines from its rule", () => {
    const notices = noticesFor(incident(), { now: at });
    expect(notices.regulations.map((r) => r.regulation)).toEqual(['lgpd', 'gdpr', 'ccpa']);
    expect(notices.uncovered).toEqual(['JP']);
    const lgpd = notices.regulations[0]!.notices;
    // Thursday 18:00 in São Paulo + 3 business days: end of Tuesday 10 March, local time.
    expect(lgpd.map((n) => n.deadline)).toEqual([
      expect.objectContaining({ dueLocal: '2026-03-10T23:59:59.999-03:00' }),
      expect.objectContaining({ dueLocal: '2026-03-10T23:59:59.999-03:00' }),
    ]);
    const gdpr = notices.regulations[1]!.notices;
    expect(gdpr[0]).toEqual(
      expect.objectContaining({
        recipient: 'authority',
        obligation: 'required',
        deadline: expect.objectContaining({ dueAt: '2026-03-08T21:00:00.000Z' }),
      }),
    );
    expect(gdpr[1]).toEqual(
      expect.objectContaining({
        recipient: 'subjects',
        deadline: expect.objectContaining({
          kind: 'none',
          text: 'no fixed deadline: without undue delay',
        }),
      }),
    );
  });

  it('runs the CCPA Attorney General notice from the notice to residents, above 500 residents only', () => {
    const ccpa = noticesFor(incident(), { now: at }).regulations[2]!.notices;
    expect(ccpa.map((n) => n.recipient)).toEqual(['subjects', 'authority']);
    expect(ccpa[0]!.deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-04-04T23:59:59.999-07:00' }),
    );
    expect(ccpa[1]!.deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-04-19T23:59:59.999-07:00' }),
    );
    const small = noticesFor(incident({ subjects: 400 }), { now: at }).regulations[2]!.notices;
    expect(small[1]).toEqual(expect.objectContaining({ obligation: 'not_required' }));
  });

  it("asks for an assessment below a law's risk threshold, never silently drops a notice", () => {
    const low = noticesFor(incident({ severity: 'LOW', regions: ['DE'] }), { now: at })
      .regulations[0]!.notices;
    expect(low.map((n) => n.obligation)).toEqual(['assess', 'assess']);
  });

  it('marks overdue notices, and not those recorded as sent', () => {
    const later = new Date('2026-03-12T00:00:00Z');
    const overdue = noticesFor(incident({ regions: ['BR'] }), { now: later }).regulations[0]!
      .notices;
    expect(overdue.map((n) => n.overdue)).toEqual([true, true]);
    const sent = noticesFor(
      incident({
        regions: ['BR'],
        notifications: [
          {
            id: 'n1',
            regulation: 'lgpd',
            recipient: 'authority',
            notifiedAt: '2026-03-09T12:00:00.000Z',
            recordedBy: 'a',
            proof: 'signed',
          },
        ],
      }),
      { now: later },
    ).regulations[0]!.notices;
    expect(sent.map((n) => n.overdue)).toEqual([false, true]);
  });

  it("skips the config's holidays when counting LGPD business days", () => {
    const notices = noticesFor(incident({ regions: ['BR'] }), {
      now: at,
      config: fullConfig({ holidays: { lgpd: ['2026-03-06'] } }),
    });
    expect(notices.regulations[0]!.notices[0]!.deadline).toEqual(
      expect.objectContaining({ dueLocal: '2026-03-11T23:59:59.999-03:00' }),
    );
  });

  it("renders drafts with the law's content as a checklist", () => {
    const notices = noticesFor(incident(), { now: at });
    const md = renderNoticesMarkdown(notices, fullConfig());
    expect(md).toContain('> - [ ] the likely consequences of the breach (Art. 33(3)(c))');
    expect(md).toContain(
      'From: Acme Shop SAS (privacy@acme.example); DPO Data Protection Office (dpo@acme.example)',
    );
    expect(renderNoticesHtml(notices)).toContain(
      '[controller name and contact: give --config compliance.yaml]',
    );
  });
});
