import type { RegulationCatalogInput } from '../catalog-schema';

const TIMELY = {
  kind: 'no_fixed_deadline',
  wording: 'in a timely manner (及时)',
  source:
    'PIPL Arts. 45-47 and 50: requests are handled "in a timely manner"; the Law sets no number of days',
} as const;

/** The Personal Information Protection Law of the People's Republic of China. */
export const PIPL_CATALOG: RegulationCatalogInput = {
  id: 'pipl',
  name: "Personal Information Protection Law of the People's Republic of China (个人信息保护法)",
  shortName: 'PIPL',
  jurisdiction: "People's Republic of China",
  regions: ['CN'],
  authority:
    'the departments fulfilling personal information protection duties (the Cyberspace Administration of China and sectoral departments, Art. 60)',
  timeZone: 'Asia/Shanghai',
  recordTitle: 'PIPL processing record (Arts. 17, 51, 54-56)',
  requirements: [
    {
      id: 'art17-notice',
      reference: 'Art. 17',
      title: 'Notice: processor identity and contact, purposes, categories, retention period',
      theme: 'transparency',
      evidence: [
        'controller_identity',
        'purposes_declared',
        'data_categories_declared',
        'retention_declared',
      ],
      source:
        'PIPL Art. 17(1)-(4): name and contact of the processor; purposes and methods; categories; retention period',
    },
    {
      id: 'art13-legal-basis',
      reference: 'Art. 13',
      title: 'Legal basis for processing',
      theme: 'lawful_basis',
      evidence: ['purposes_declared'],
      source: 'PIPL Art. 13(1)-(7)',
    },
    {
      id: 'art6-minimum',
      reference: 'Art. 6',
      title: 'Collection limited to the smallest scope necessary',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source: 'PIPL Art. 6: "limited to the smallest scope for realizing the processing purpose"',
    },
    {
      id: 'art4-anonymized',
      reference: 'Art. 4; Art. 73(4)',
      title: 'Anonymized information: cannot be identified and cannot be restored',
      theme: 'minimisation',
      evidence: ['pii_columns_anonymized', 'anonymization_verified'],
      source:
        'PIPL Art. 4 (personal information excludes anonymized information); Art. 73(3) de-identification, (4) anonymization: "cannot be identified and cannot be restored"',
    },
    {
      id: 'art51-security',
      reference: 'Art. 51',
      title: 'Security measures, including encryption and de-identification',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source:
        'PIPL Art. 51(3): "adopt corresponding technical security measures such as encryption and de-identification"',
    },
    {
      id: 'art52-officer',
      reference: 'Art. 52',
      title: 'Personal information protection officer (above the CAC volume threshold)',
      theme: 'accountability',
      evidence: ['dpo_contact'],
      source:
        'PIPL Art. 52: processors handling personal information reaching the quantities set by the CAC appoint a PI protection officer and publish the contact',
    },
    {
      id: 'art19-retention',
      reference: 'Art. 19',
      title: 'Retention for the shortest period necessary',
      theme: 'retention',
      evidence: ['retention_declared'],
      source: 'PIPL Art. 19: "the shortest period necessary to realize the processing purpose"',
    },
    {
      id: 'art23-recipients',
      reference: 'Art. 23',
      title: 'Recipients named to individuals, separate consent',
      theme: 'transparency',
      evidence: ['recipients_declared'],
      source:
        "PIPL Art. 23: inform of the recipient's name, contact, purposes, methods and categories",
    },
    {
      id: 'art38-transfers',
      reference: 'Arts. 38-39',
      title: 'Cross-border provision only under a listed mechanism',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source:
        'PIPL Art. 38(1)-(4): CAC security assessment, certification, standard contract, or other conditions; Art. 39 separate consent',
    },
    {
      id: 'art56-records',
      reference: 'Arts. 55-56',
      title: 'Impact assessment and handling records kept at least three years',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'PIPL Art. 56: "Personal information protection impact assessment reports and handling records shall be kept for at least three years"',
    },
    {
      id: 'art50-requests',
      reference: 'Art. 50',
      title: "Mechanism to accept and handle individuals' requests",
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source:
        'PIPL Art. 50: "establish convenient mechanisms to accept and handle applications from individuals"',
    },
    {
      id: 'art57-incidents',
      reference: 'Art. 57',
      title: 'Incidents of leakage, tampering or loss handled and notified',
      theme: 'breach',
      evidence: ['breach_register'],
      source: 'PIPL Art. 57',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 'Art. 45',
      deadline: TIMELY,
      source: 'PIPL Art. 45 ¶1-2: "shall provide them in a timely manner"',
    },
    {
      right: 'portability',
      reference: 'Art. 45 ¶3',
      deadline: TIMELY,
      source: 'PIPL Art. 45 ¶3 (where conditions set by the CAC are met)',
    },
    {
      right: 'rectification',
      reference: 'Art. 46',
      deadline: TIMELY,
      source: 'PIPL Art. 46: "verify and correct or supplement in a timely manner"',
    },
    {
      right: 'erasure',
      reference: 'Art. 47',
      deadline: TIMELY,
      source:
        'PIPL Art. 47 ¶1 (proactive deletion; on request otherwise); ¶2: where the retention period has not expired or deletion is technically difficult, stop processing except storage and security measures',
    },
    {
      right: 'restriction',
      reference: 'Art. 44',
      deadline: TIMELY,
      source: 'PIPL Art. 44: the right "to restrict or refuse" processing',
    },
    { right: 'objection', reference: 'Art. 44', deadline: TIMELY, source: 'PIPL Art. 44' },
  ],
  breach: [
    {
      recipient: 'authority',
      to: 'the departments fulfilling personal information protection duties',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'immediately (立即)',
        source:
          'PIPL Art. 57 ¶1: the processor "shall immediately take remedial measures and notify" the departments and the individuals',
      },
      runsFrom: 'awareness',
      runsFromWording:
        'where personal information has been, or may have been, leaked, tampered with or lost',
      threshold: {
        risk: 'any',
        wording: 'any leakage, tampering or loss that occurs or may occur',
        source: 'PIPL Art. 57 ¶1',
      },
      content: [
        'the categories of personal information involved, the causes and the possible harm (Art. 57(1))',
        'the remedial measures taken and the measures individuals can take to reduce harm (Art. 57(2))',
        "the processor's contact information (Art. 57(3))",
      ],
      source: 'PIPL Art. 57 ¶1',
    },
    {
      recipient: 'subjects',
      to: 'the individuals concerned',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'immediately (立即)',
        source: 'PIPL Art. 57 ¶1',
      },
      runsFrom: 'awareness',
      runsFromWording:
        'where personal information has been, or may have been, leaked, tampered with or lost',
      threshold: {
        risk: 'any',
        wording:
          'may be omitted where the measures taken effectively avoid the harm, unless the authority requires notification (Art. 57 ¶2)',
        source: 'PIPL Art. 57 ¶2',
      },
      content: [
        'the categories, causes and possible harm (Art. 57(1))',
        'the remedial measures and what individuals can do (Art. 57(2))',
        "the processor's contact information (Art. 57(3))",
      ],
      source: 'PIPL Art. 57',
    },
  ],
  notes: [
    'Network data regulations and sectoral rules may set reporting periods in hours; they are not encoded here.',
  ],
};
