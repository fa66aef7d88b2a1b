import type { RegulationCatalogInput } from '../catalog-schema';

/** Canada's Personal Information Protection and Electronic Documents Act, Part 1. */
export const PIPEDA_CATALOG: RegulationCatalogInput = {
  id: 'pipeda',
  name: 'Personal Information Protection and Electronic Documents Act (S.C. 2000, c. 5), Part 1',
  shortName: 'PIPEDA',
  jurisdiction: 'Canada (federal)',
  regions: ['CA'],
  authority: 'the Privacy Commissioner of Canada',
  timeZone: 'America/Toronto',
  recordTitle: 'PIPEDA accountability record (Schedule 1 principles)',
  requirements: [
    {
      id: 'accountability',
      reference: 'Sch. 1, cl. 4.1',
      title: 'Accountability: an individual designated for compliance',
      theme: 'accountability',
      evidence: ['controller_identity', 'dpo_contact'],
      source:
        'PIPEDA Sch. 1, cl. 4.1 (Principle 1) and 4.1.1-4.1.2: the identity of the designated individual "shall be made known upon request"',
    },
    {
      id: 'identifying-purposes',
      reference: 'Sch. 1, cl. 4.2',
      title: 'Purposes identified at or before collection',
      theme: 'lawful_basis',
      evidence: ['purposes_declared'],
      source: 'PIPEDA Sch. 1, cl. 4.2 (Principle 2)',
    },
    {
      id: 'limiting-collection',
      reference: 'Sch. 1, cl. 4.4',
      title: 'Limiting collection to what is necessary',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source:
        'PIPEDA Sch. 1, cl. 4.4 (Principle 4): "limited to that which is necessary for the purposes identified"',
    },
    {
      id: 'limiting-use-retention',
      reference: 'Sch. 1, cl. 4.5',
      title: 'Limiting use, disclosure and retention',
      theme: 'retention',
      evidence: ['retention_declared', 'recipients_declared'],
      source:
        'PIPEDA Sch. 1, cl. 4.5 (Principle 5) and 4.5.3: no longer required information "should be destroyed, erased, or made anonymous"',
    },
    {
      id: 'safeguards',
      reference: 'Sch. 1, cl. 4.7',
      title: 'Security safeguards, including technological measures',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source:
        'PIPEDA Sch. 1, cl. 4.7 (Principle 7) and 4.7.3(c): "technological measures, for example, the use of passwords and encryption"',
    },
    {
      id: 'openness',
      reference: 'Sch. 1, cl. 4.8',
      title: 'Openness about policies and practices',
      theme: 'transparency',
      evidence: ['controller_identity', 'data_categories_declared'],
      source: 'PIPEDA Sch. 1, cl. 4.8 (Principle 8) and 4.8.2',
    },
    {
      id: 'third-party-processing',
      reference: 'Sch. 1, cl. 4.1.3',
      title: 'Comparable protection when information is transferred for processing',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source:
        'PIPEDA Sch. 1, cl. 4.1.3: "use contractual or other means to provide a comparable level of protection while the information is being processed by a third party"',
    },
    {
      id: 'practices-evidence',
      reference: 'Sch. 1, cl. 4.1.4',
      title: 'Policies and practices implemented (evidence of handling)',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'PIPEDA Sch. 1, cl. 4.1.4: organizations "shall implement policies and practices to give effect to the principles"',
    },
    {
      id: 'individual-access',
      reference: 'Sch. 1, cl. 4.9; s. 8',
      title: 'Individual access',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source: 'PIPEDA Sch. 1, cl. 4.9 (Principle 9); s. 8(1)-(2)',
    },
    {
      id: 'breach-records',
      reference: 's. 10.3(1)',
      title: 'Record of every breach of security safeguards',
      theme: 'breach',
      evidence: ['breach_register'],
      source:
        'PIPEDA s. 10.3(1): "keep and maintain ... a record of every breach of security safeguards involving personal information under its control"',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 's. 8(3); Sch. 1, cl. 4.9',
      deadline: {
        kind: 'calendar_days',
        days: 30,
        source:
          'PIPEDA s. 8(3): "with due diligence and in any case not later than thirty days after receipt of the request"',
      },
      extension: {
        by: {
          kind: 'calendar_days',
          days: 30,
          source: 'PIPEDA s. 8(4)(a): "for a maximum of thirty days"',
        },
        condition:
          'meeting the limit would unreasonably interfere with the activities of the organization, or consultations make it impracticable; notice of extension within 30 days of the request (s. 8(4)); s. 8(4)(b) allows the time needed to convert to an alternative format',
      },
      source: 'PIPEDA s. 8(3)-(5) (no response in time is a deemed refusal)',
    },
    {
      right: 'rectification',
      reference: 'Sch. 1, cl. 4.9.5',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'shall amend the information as required',
        source: 'PIPEDA Sch. 1, cl. 4.9.5',
      },
      source: 'PIPEDA Sch. 1, cl. 4.9.5',
    },
    {
      right: 'objection',
      reference: 'Sch. 1, cl. 4.3.8 (withdrawal of consent)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'at any time, subject to legal or contractual restrictions and reasonable notice',
        source: 'PIPEDA Sch. 1, cl. 4.3.8',
      },
      source: 'PIPEDA Sch. 1, cl. 4.3.8',
    },
  ],
  breach: [
    {
      recipient: 'authority',
      to: 'the Privacy Commissioner of Canada',
      deadline: {
        kind: 'no_fixed_deadline',
        wording:
          'as soon as feasible after the organization determines that the breach has occurred',
        source: 'PIPEDA s. 10.1(2)',
      },
      runsFrom: 'awareness',
      runsFromWording: 'after the organization determines that the breach has occurred',
      threshold: {
        risk: 'high_risk',
        wording:
          'if it is reasonable in the circumstances to believe that the breach creates a real risk of significant harm to an individual',
        source: 'PIPEDA s. 10.1(1), (7)-(8)',
      },
      content: [
        'the circumstances of the breach and, if known, its cause (Breach of Security Safeguards Regulations, SOR/2018-64, s. 2(1)(a))',
        'the day on which, or the period during which, the breach occurred (s. 2(1)(b))',
        'the personal information that is the subject of the breach (s. 2(1)(c))',
        'the number of individuals affected, or an approximation (s. 2(1)(d))',
        'the steps taken to reduce the risk of harm and to notify the individuals (s. 2(1)(e)-(g))',
        "a contact person who can answer the Commissioner's questions (s. 2(1)(h))",
      ],
      source: 'PIPEDA s. 10.1(1)-(2); SOR/2018-64 s. 2',
    },
    {
      recipient: 'subjects',
      to: 'each affected individual',
      deadline: {
        kind: 'no_fixed_deadline',
        wording:
          'as soon as feasible after the organization determines that the breach has occurred',
        source: 'PIPEDA s. 10.1(6)',
      },
      runsFrom: 'awareness',
      runsFromWording: 'after the organization determines that the breach has occurred',
      threshold: {
        risk: 'high_risk',
        wording: 'real risk of significant harm to the individual',
        source: 'PIPEDA s. 10.1(3)',
      },
      content: [
        'sufficient information to understand the significance of the breach and to take steps to reduce or mitigate the risk of harm (s. 10.1(4))',
        'the circumstances, the day or period, the information concerned, the steps taken, and a contact (SOR/2018-64 s. 3)',
      ],
      source: 'PIPEDA s. 10.1(3)-(6); SOR/2018-64 s. 3',
    },
  ],
  notes: [
    'Provinces with substantially similar private-sector laws (Quebec, Alberta, British Columbia) apply their own rules to intra-provincial activity.',
  ],
};
