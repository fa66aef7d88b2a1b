import type { RegulationCatalogInput } from '../catalog-schema';

const SOON = {
  kind: 'no_fixed_deadline',
  wording: 'as soon as reasonably possible after the discovery of the compromise',
  source:
    'POPIA s 22(2): notification "must be made as soon as reasonably possible after the discovery of the compromise", considering law-enforcement needs and measures to determine its scope',
} as const;

/** South Africa's Protection of Personal Information Act 4 of 2013, with PAIA for access. */
export const POPIA_CATALOG: RegulationCatalogInput = {
  id: 'popia',
  name: 'Protection of Personal Information Act 4 of 2013 (POPIA)',
  shortName: 'POPIA',
  jurisdiction: 'South Africa',
  regions: ['ZA'],
  authority: 'the Information Regulator (South Africa)',
  timeZone: 'Africa/Johannesburg',
  recordTitle: 'POPIA processing documentation (s 17; PAIA s 51 manual)',
  requirements: [
    {
      id: 's17-documentation',
      reference: 's 17',
      title: 'Documentation of all processing operations',
      theme: 'accountability',
      evidence: [
        'controller_identity',
        'purposes_declared',
        'data_categories_declared',
        'recipients_declared',
        'transfers_safeguarded',
        'retention_declared',
      ],
      source:
        'POPIA s 17: "maintain the documentation of all processing operations under its responsibility as referred to in section 14 or 51 of the Promotion of Access to Information Act"',
    },
    {
      id: 's55-information-officer',
      reference: 'ss 55-56',
      title: 'Information officer registered with the Regulator',
      theme: 'accountability',
      evidence: ['dpo_contact'],
      source:
        'POPIA s 55(2): the information officer registers with the Regulator before taking up duties; s 56 deputy information officers',
    },
    {
      id: 's13-purpose',
      reference: 's 13',
      title: 'Collection for a specific, explicitly defined and lawful purpose',
      theme: 'lawful_basis',
      evidence: ['purposes_declared'],
      source: 'POPIA s 13(1); lawful grounds s 11(1)',
    },
    {
      id: 's10-minimality',
      reference: 's 10',
      title: 'Minimality: adequate, relevant and not excessive',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source: 'POPIA s 10: processed only if "adequate, relevant and not excessive"',
    },
    {
      id: 's6-deidentified',
      reference: 's 6(1)(b)',
      title: 'De-identified information that cannot be re-identified is outside the Act',
      theme: 'minimisation',
      evidence: ['pii_columns_anonymized', 'anonymization_verified'],
      source:
        'POPIA s 6(1)(b): the Act does not apply to information "that has been de-identified to the extent that it cannot be re-identified again"',
    },
    {
      id: 's14-retention',
      reference: 's 14',
      title: 'Retention no longer than necessary; destroy, delete or de-identify',
      theme: 'retention',
      evidence: ['retention_declared'],
      source: 'POPIA s 14(1) and (4)',
    },
    {
      id: 's19-security',
      reference: 's 19',
      title: 'Security safeguards: appropriate, reasonable technical and organisational measures',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source: 'POPIA s 19(1)-(2)',
    },
    {
      id: 's8-accountability',
      reference: 's 8',
      title: 'Accountability of the responsible party',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'POPIA s 8: the responsible party "must ensure that the conditions ... are complied with"',
    },
    {
      id: 's72-transfers',
      reference: 's 72',
      title: 'Transfers outside South Africa only under s 72 conditions',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source: 'POPIA s 72(1)(a)-(e)',
    },
    {
      id: 's23-access',
      reference: 's 23',
      title: 'Access to personal information',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source: 'POPIA s 23(1); procedure PAIA s 18 and s 53 (s 23(3))',
    },
    {
      id: 's22-compromises',
      reference: 's 22',
      title: 'Notification of security compromises',
      theme: 'breach',
      evidence: ['breach_register'],
      source: 'POPIA s 22(1)',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 's 23; PAIA s 56 (private body)',
      deadline: {
        kind: 'calendar_days',
        days: 30,
        source:
          'PAIA s 56(1) (private body; s 25(1) for a public body): "as soon as reasonably possible, but in any event within 30 days, after the request is received"',
      },
      extension: {
        by: {
          kind: 'calendar_days',
          days: 30,
          source: 'PAIA s 57(1): extend "once for a further period of not more than 30 days"',
        },
        condition:
          "a large number of records, a search at another office, necessary consultation, or the requester's written consent; notice within 30 days of the request (s 57(2))",
      },
      source: 'POPIA s 23(3); PAIA ss 56-57',
    },
    {
      right: 'rectification',
      reference: 's 24(1)(a)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'as soon as reasonably practicable',
        source:
          'POPIA s 24(2): on receipt of a request the responsible party must, "as soon as reasonably practicable", correct, destroy or delete the information, or provide evidence in support',
      },
      source: 'POPIA s 24',
    },
    {
      right: 'erasure',
      reference: 's 24(1)(b)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'as soon as reasonably practicable',
        source: 'POPIA s 24(2)',
      },
      source: 'POPIA s 24(1)(b)',
    },
    {
      right: 'objection',
      reference: 's 11(3)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording:
          'at any time, on reasonable grounds; thereafter the party may no longer process (s 11(4))',
        source: 'POPIA s 11(3)-(4)',
      },
      source: 'POPIA s 11(3)',
    },
  ],
  breach: [
    {
      recipient: 'authority',
      to: 'the Information Regulator (its eServices portal)',
      deadline: SOON,
      runsFrom: 'awareness',
      runsFromWording: 'after the discovery of the compromise',
      threshold: {
        risk: 'any',
        wording:
          'reasonable grounds to believe that the personal information of a data subject has been accessed or acquired by any unauthorised person',
        source: 'POPIA s 22(1)',
      },
      content: [
        'the possible consequences of the compromise (s 22(5)(a))',
        'the measures the responsible party intends to take or has taken (s 22(5)(b))',
        'a recommendation on the measures data subjects can take (s 22(5)(c))',
        'the identity of the unauthorised person, if known (s 22(5)(d))',
      ],
      source: 'POPIA s 22(1)(a), (2), (5)',
    },
    {
      recipient: 'subjects',
      to: 'the data subjects, unless their identity cannot be established',
      deadline: SOON,
      runsFrom: 'awareness',
      runsFromWording: 'after the discovery of the compromise',
      threshold: {
        risk: 'any',
        wording:
          'as for the Regulator; delay only if a public body or the Regulator says notification would impede a criminal investigation (s 22(3))',
        source: 'POPIA s 22(1)(b), (3)',
      },
      content: [
        'in writing, by mail, e-mail, website notice, news media, or as the Regulator directs (s 22(4))',
        'the possible consequences, the measures taken, recommended measures, the identity of the unauthorised person if known (s 22(5))',
      ],
      source: 'POPIA s 22(1)(b), (4), (5)',
    },
  ],
  notes: [],
};
