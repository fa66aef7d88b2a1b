import type { RegulationCatalogInput } from '../catalog-schema';

const RESPONSE = {
  deadline: {
    kind: 'months',
    months: 1,
    source:
      'GDPR Art. 12(3): "without undue delay and in any event within one month of receipt of the request"',
  },
  extension: {
    by: {
      kind: 'months',
      months: 2,
      source: 'GDPR Art. 12(3): "may be extended by two further months where necessary"',
    },
    condition:
      'taking into account the complexity and number of the requests; the data subject is told of the extension, with the reasons, within one month of receipt (Art. 12(3))',
  },
} as const;

/** Regulation (EU) 2016/679, the General Data Protection Regulation. */
export const GDPR_CATALOG: RegulationCatalogInput = {
  id: 'gdpr',
  name: 'General Data Protection Regulation (Regulation (EU) 2016/679)',
  shortName: 'GDPR',
  jurisdiction: 'European Union and European Economic Area',
  // EU, EEA and their member states (ISO 3166-1 alpha-2; Greece is GR).
  regions: [
    'EU',
    'EEA',
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
    'IS',
    'LI',
    'NO',
  ],
  authority: 'the competent supervisory authority (Art. 55; the lead authority under Art. 56)',
  timeZone: 'Europe/Brussels',
  recordTitle: 'Record of processing activities (GDPR Art. 30)',
  requirements: [
    {
      id: 'art30-record',
      reference: 'Art. 30(1)',
      title: 'Record of processing activities',
      theme: 'accountability',
      evidence: [
        'controller_identity',
        'dpo_contact',
        'purposes_declared',
        'data_categories_declared',
        'recipients_declared',
        'transfers_safeguarded',
        'retention_declared',
        'anonymization_verified',
      ],
      source:
        'GDPR Art. 30(1)(a)-(g): controller and DPO contact, purposes, categories of data subjects and of personal data, recipients, transfers to third countries, time limits for erasure, and a general description of the technical and organisational security measures',
    },
    {
      id: 'art5-minimisation',
      reference: 'Art. 5(1)(c)',
      title: 'Data minimisation',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source:
        'GDPR Art. 5(1)(c): personal data shall be "adequate, relevant and limited to what is necessary in relation to the purposes"',
    },
    {
      id: 'art6-lawful-basis',
      reference: 'Art. 6(1)',
      title: 'Lawful basis for each purpose',
      theme: 'lawful_basis',
      evidence: ['purposes_declared'],
      source:
        'GDPR Art. 6(1)(a)-(f): processing is lawful only if and to the extent that one basis applies',
    },
    {
      id: 'art5-storage-limitation',
      reference: 'Art. 5(1)(e)',
      title: 'Storage limitation',
      theme: 'retention',
      evidence: ['retention_declared'],
      source:
        'GDPR Art. 5(1)(e): kept in identifiable form "for no longer than is necessary for the purposes"',
    },
    {
      id: 'art25-by-design',
      reference: 'Art. 25(1)',
      title: 'Data protection by design and by default (pseudonymisation, minimisation)',
      theme: 'minimisation',
      evidence: ['pii_columns_anonymized', 'anonymization_verified'],
      source:
        'GDPR Art. 25(1): "appropriate technical and organisational measures, such as pseudonymisation, which are designed to implement data-protection principles, such as data minimisation"',
    },
    {
      id: 'art32-security',
      reference: 'Art. 32(1)(a), (d)',
      title: 'Security of processing: pseudonymisation, encryption, regular testing',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source:
        'GDPR Art. 32(1)(a) "the pseudonymisation and encryption of personal data"; (d) "a process for regularly testing, assessing and evaluating the effectiveness" of the measures',
    },
    {
      id: 'art5-accountability',
      reference: 'Art. 5(2)',
      title: 'Accountability: able to demonstrate compliance',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'GDPR Art. 5(2): the controller "shall be responsible for, and be able to demonstrate compliance with" Art. 5(1)',
    },
    {
      id: 'art13-transparency',
      reference: 'Art. 13(1)(a)-(b)',
      title: 'Identity and contact details of the controller and the DPO',
      theme: 'transparency',
      evidence: ['controller_identity', 'dpo_contact'],
      source:
        'GDPR Art. 13(1)(a) identity and contact details of the controller; (b) contact details of the DPO, where applicable',
    },
    {
      id: 'art37-dpo',
      reference: 'Art. 37(7)',
      title: 'Data protection officer contact published and communicated',
      theme: 'accountability',
      evidence: ['dpo_contact'],
      source:
        'GDPR Art. 37(7): "publish the contact details of the data protection officer and communicate them to the supervisory authority"; Art. 37(1) says when one is required',
    },
    {
      id: 'art44-transfers',
      reference: 'Arts. 44-46',
      title: 'Transfers to third countries only under a Chapter V mechanism',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source:
        'GDPR Art. 44 general principle; Art. 45 adequacy decisions; Art. 46 appropriate safeguards (e.g. standard contractual clauses)',
    },
    {
      id: 'art12-rights',
      reference: 'Art. 12(2)',
      title: 'Facilitate the exercise of data-subject rights',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source:
        'GDPR Art. 12(2): "The controller shall facilitate the exercise of data subject rights under Articles 15 to 22"',
    },
    {
      id: 'art33-documentation',
      reference: 'Art. 33(5)',
      title: 'Documentation of personal data breaches',
      theme: 'breach',
      evidence: ['breach_register'],
      source:
        'GDPR Art. 33(5): "The controller shall document any personal data breaches, comprising the facts relating to the personal data breach, its effects and the remedial action taken"',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 'Art. 15',
      ...RESPONSE,
      source: 'GDPR Art. 15(1), (3); response period Art. 12(3)',
    },
    {
      right: 'rectification',
      reference: 'Art. 16',
      ...RESPONSE,
      source: 'GDPR Art. 16 "without undue delay"; response period Art. 12(3)',
    },
    {
      right: 'erasure',
      reference: 'Art. 17',
      ...RESPONSE,
      source:
        'GDPR Art. 17(1) "without undue delay"; exceptions Art. 17(3); response period Art. 12(3)',
    },
    {
      right: 'restriction',
      reference: 'Art. 18',
      ...RESPONSE,
      source: 'GDPR Art. 18(1); response period Art. 12(3)',
    },
    {
      right: 'portability',
      reference: 'Art. 20',
      ...RESPONSE,
      source: 'GDPR Art. 20(1); response period Art. 12(3)',
    },
    {
      right: 'objection',
      reference: 'Art. 21',
      ...RESPONSE,
      source: 'GDPR Art. 21(1); response period Art. 12(3)',
    },
  ],
  breach: [
    {
      recipient: 'authority',
      to: 'the supervisory authority competent in accordance with Art. 55',
      deadline: {
        kind: 'hours',
        hours: 72,
        source:
          'GDPR Art. 33(1): "without undue delay and, where feasible, not later than 72 hours after having become aware of it"; a later notification "shall be accompanied by reasons for the delay"',
      },
      runsFrom: 'awareness',
      runsFromWording: 'after having become aware of it',
      threshold: {
        risk: 'risk',
        wording:
          'unless the personal data breach is unlikely to result in a risk to the rights and freedoms of natural persons',
        source: 'GDPR Art. 33(1)',
      },
      content: [
        'the nature of the breach, including where possible the categories and approximate number of data subjects and of personal data records concerned (Art. 33(3)(a))',
        'the name and contact details of the data protection officer or other contact point (Art. 33(3)(b))',
        'the likely consequences of the breach (Art. 33(3)(c))',
        'the measures taken or proposed to address the breach and mitigate its possible adverse effects (Art. 33(3)(d))',
      ],
      source: 'GDPR Art. 33(1), (3), (4) (information may be provided in phases)',
    },
    {
      recipient: 'subjects',
      to: 'the data subjects concerned',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'without undue delay',
        source:
          'GDPR Art. 34(1): "the controller shall communicate the personal data breach to the data subject without undue delay"',
      },
      runsFrom: 'awareness',
      runsFromWording: 'once the breach is known to be likely to result in a high risk',
      threshold: {
        risk: 'high_risk',
        wording:
          'when the personal data breach is likely to result in a high risk to the rights and freedoms of natural persons (exceptions: Art. 34(3))',
        source: 'GDPR Art. 34(1), (3)',
      },
      content: [
        'the nature of the breach, in clear and plain language (Art. 34(2))',
        'the name and contact details of the data protection officer or other contact point (Art. 34(2), 33(3)(b))',
        'the likely consequences of the breach (Art. 34(2), 33(3)(c))',
        'the measures taken or proposed to address the breach (Art. 34(2), 33(3)(d))',
      ],
      source: 'GDPR Art. 34(1)-(3)',
    },
  ],
  notes: [
    'Art. 30(5): the record duty does not apply to an organisation employing fewer than 250 persons unless the processing is likely to result in a risk, is not occasional, or includes special categories.',
    'Recital 26: anonymous information is outside the GDPR; pseudonymised data (tokenize, fpe: reversible with a key) remains personal data.',
  ],
};
