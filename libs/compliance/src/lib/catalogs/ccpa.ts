import type { RegulationCatalogInput } from '../catalog-schema';

const RESPONSE = {
  deadline: {
    kind: 'calendar_days',
    days: 45,
    source:
      'Cal. Civ. Code §1798.130(a)(2)(A): "within 45 days of receiving a verifiable consumer request"',
  },
  extension: {
    by: {
      kind: 'calendar_days',
      days: 45,
      source:
        'Cal. Civ. Code §1798.130(a)(2)(A): "may be extended once by an additional 45 days when reasonably necessary"',
    },
    condition: 'the consumer is given notice of the extension within the first 45-day period',
  },
} as const;

/** The California Consumer Privacy Act of 2018, as amended by the CPRA, and the breach statute. */
export const CCPA_CATALOG: RegulationCatalogInput = {
  id: 'ccpa',
  name: 'California Consumer Privacy Act of 2018, as amended by the California Privacy Rights Act (Cal. Civ. Code §1798.100 et seq.)',
  shortName: 'CCPA/CPRA',
  jurisdiction: 'California, United States',
  regions: ['US-CA'],
  authority:
    'the California Privacy Protection Agency; the Attorney General for breach notices (§1798.82(f))',
  timeZone: 'America/Los_Angeles',
  recordTitle: 'CCPA/CPRA compliance record (Cal. Civ. Code §1798.100 et seq.)',
  requirements: [
    {
      id: 'notice-at-collection',
      reference: '§1798.100(a)(1)-(3)',
      title: 'Notice at collection: categories, purposes and retention period',
      theme: 'transparency',
      evidence: ['data_categories_declared', 'purposes_declared', 'retention_declared'],
      source:
        'Cal. Civ. Code §1798.100(a)(1) categories and purposes; (a)(3) "the length of time the business intends to retain each category"',
    },
    {
      id: 'purpose-limitation',
      reference: '§1798.100(c)',
      title: 'Use reasonably necessary and proportionate to the purposes',
      theme: 'minimisation',
      evidence: ['purposes_declared', 'pii_inventory', 'pii_columns_anonymized'],
      source:
        'Cal. Civ. Code §1798.100(c): collection, use, retention and sharing "shall be reasonably necessary and proportionate to achieve the purposes"',
    },
    {
      id: 'retention-limit',
      reference: '§1798.100(a)(3)',
      title: 'No retention longer than reasonably necessary',
      theme: 'retention',
      evidence: ['retention_declared'],
      source:
        'Cal. Civ. Code §1798.100(a)(3): not retained "for longer than is reasonably necessary for that disclosed purpose"',
    },
    {
      id: 'deidentified',
      reference: '§1798.140(m)',
      title:
        'Deidentified information: reasonable measures so it cannot be associated with a consumer',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized', 'anonymization_verified'],
      source:
        'Cal. Civ. Code §1798.140(m) ("deidentified"): cannot reasonably be used to infer information about, or otherwise be linked to, a consumer, with reasonable measures and public commitments',
    },
    {
      id: 'reasonable-security',
      reference: '§1798.100(e); §1798.81.5(b)',
      title: 'Reasonable security procedures and practices',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source:
        'Cal. Civ. Code §1798.100(e) and §1798.81.5(b): "implement reasonable security procedures and practices appropriate to the nature of the personal information"',
    },
    {
      id: 'recipients-contracts',
      reference: '§1798.100(d)',
      title: 'Contracts with third parties, service providers and contractors receiving the data',
      theme: 'accountability',
      evidence: ['recipients_declared'],
      source:
        'Cal. Civ. Code §1798.100(d): a business that sells, shares or discloses personal information "shall enter into an agreement" with the recipient',
    },
    {
      id: 'business-contact',
      reference: '§1798.130(a)(5)',
      title: 'Privacy policy naming the business and how to reach it',
      theme: 'transparency',
      evidence: ['controller_identity'],
      source:
        'Cal. Civ. Code §1798.130(a)(5): disclose the consumer rights and the methods to exercise them in the online privacy policy',
    },
    {
      id: 'request-methods',
      reference: '§1798.130(a)(1)',
      title: 'Two or more designated methods for submitting requests',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source:
        'Cal. Civ. Code §1798.130(a)(1)(A): "two or more designated methods for submitting requests", including at least a toll-free number where applicable',
    },
    {
      id: 'accountability-records',
      reference: '§1798.185(a)(15); §1798.100(e)',
      title: 'Evidence of how personal information was handled',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'Cal. Civ. Code §1798.185(a)(15) (regulations on cybersecurity audits and risk assessments) read with §1798.100(e)',
    },
    {
      id: 'breach-register',
      reference: '§1798.82',
      title: 'Breach disclosure to residents and, above 500, to the Attorney General',
      theme: 'breach',
      evidence: ['breach_register'],
      source: 'Cal. Civ. Code §1798.82(a), (f)',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: '§1798.110 (right to know)',
      ...RESPONSE,
      source: 'Cal. Civ. Code §1798.110; period §1798.130(a)(2)(A)',
    },
    {
      right: 'portability',
      reference: '§1798.100(d); §1798.130(a)(3)(B)(iii)',
      ...RESPONSE,
      source:
        'Cal. Civ. Code §1798.130(a)(3)(B)(iii): "in a format that is easily understandable ... and, to the extent technically feasible, in a structured, commonly used, machine-readable format"; period §1798.130(a)(2)(A)',
    },
    {
      right: 'erasure',
      reference: '§1798.105 (right to delete)',
      ...RESPONSE,
      source: 'Cal. Civ. Code §1798.105(a), (c); exceptions (d); period §1798.130(a)(2)(A)',
    },
    {
      right: 'rectification',
      reference: '§1798.106 (right to correct)',
      ...RESPONSE,
      source: 'Cal. Civ. Code §1798.106(a), (c); period §1798.130(a)(2)(A)',
    },
    {
      right: 'opt_out_sale',
      reference: '§1798.120 (opt out of sale or sharing)',
      deadline: {
        kind: 'business_days',
        days: 15,
        source:
          'Cal. Code Regs. tit. 11, §7026(f)(1): "as soon as feasibly possible, but no later than 15 business days from the date the business receives the request"',
      },
      source: 'Cal. Civ. Code §1798.120(a); 11 CCR §7026(f)',
    },
  ],
  breach: [
    {
      recipient: 'subjects',
      to: 'each California resident whose personal information was, or is reasonably believed to have been, acquired by an unauthorized person',
      deadline: {
        kind: 'calendar_days',
        days: 30,
        source:
          'Cal. Civ. Code §1798.82(a)(2)(A), as amended by SB 446 (2025): "within 30 calendar days of discovery or notification of the data breach"; delay allowed for law enforcement (§1798.82(c)) or to determine the scope of the breach (§1798.82(a)(2)(B)). Before the amendment: "in the most expedient time possible and without unreasonable delay"',
      },
      runsFrom: 'awareness',
      runsFromWording: 'of discovery or notification of the data breach',
      threshold: {
        risk: 'any',
        wording:
          'unencrypted personal information (§1798.82(h)) acquired, or reasonably believed to have been acquired, by an unauthorized person; or encrypted information together with its key',
        categories: [
          'national_id',
          'card_number',
          'iban',
          'financial_account',
          'credentials',
          'health',
          'biometric',
          'genetic',
        ],
        source: 'Cal. Civ. Code §1798.82(a)(1), (h)',
      },
      content: [
        'titled "Notice of Data Breach", in plain language, at least 10-point type (§1798.82(d)(1))',
        'headings "What Happened", "What Information Was Involved", "What We Are Doing", "What You Can Do", "For More Information" (§1798.82(d)(1))',
        'the name and contact information of the business, the types of personal information involved, the date or date range of the breach (§1798.82(d)(2))',
      ],
      source: 'Cal. Civ. Code §1798.82(a), (d)',
    },
    {
      recipient: 'authority',
      to: 'the Attorney General (one sample copy of the notice to residents, submitted electronically)',
      deadline: {
        kind: 'calendar_days',
        days: 15,
        source:
          'Cal. Civ. Code §1798.82(f)(1), as amended by SB 446 (2025): within 15 calendar days of notifying affected consumers',
      },
      runsFrom: 'subjects_notice',
      runsFromWording: 'of notifying the affected California residents',
      threshold: {
        risk: 'any',
        wording:
          'when the business must notify more than 500 California residents as a result of a single breach',
        minSubjects: 501,
        source: 'Cal. Civ. Code §1798.82(f)',
      },
      content: [
        'a sample copy of the notice sent to residents, excluding any personally identifiable information (§1798.82(f))',
      ],
      source: 'Cal. Civ. Code §1798.82(f)',
    },
  ],
  notes: [
    'The CCPA applies to businesses meeting the thresholds of §1798.140(d); the breach statute §1798.82 applies to any person or business conducting business in California.',
    'The 30- and 15-day figures are SB 446 (2025) amendments to §1798.82; check the version in force on the incident date.',
  ],
};
