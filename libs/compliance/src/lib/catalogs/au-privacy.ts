import type { RegulationCatalogInput } from '../catalog-schema';

/** Australia's Privacy Act 1988 (Cth), its Australian Privacy Principles and the NDB scheme. */
export const AU_PRIVACY_CATALOG: RegulationCatalogInput = {
  id: 'au-privacy',
  name: 'Privacy Act 1988 (Cth): Australian Privacy Principles and the Notifiable Data Breaches scheme',
  shortName: 'Privacy Act (APPs)',
  jurisdiction: 'Australia (Commonwealth)',
  regions: ['AU'],
  authority: 'the Australian Information Commissioner (OAIC)',
  timeZone: 'Australia/Sydney',
  recordTitle: 'Australian Privacy Principles compliance record (Privacy Act 1988, Sch 1)',
  requirements: [
    {
      id: 'app1-practices',
      reference: 'APP 1.2',
      title: 'Practices, procedures and systems to comply with the APPs',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source:
        'Privacy Act 1988 (Cth) Sch 1, APP 1.2: "take such steps as are reasonable in the circumstances to implement practices, procedures and systems"',
    },
    {
      id: 'app1-policy',
      reference: 'APP 1.3-1.4',
      title:
        'Privacy policy: kinds of information, purposes, access, complaints, overseas recipients',
      theme: 'transparency',
      evidence: [
        'controller_identity',
        'purposes_declared',
        'data_categories_declared',
        'transfers_safeguarded',
      ],
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 1.4(a)-(g)',
    },
    {
      id: 'app3-collection',
      reference: 'APP 3.2',
      title: "Collection reasonably necessary for the entity's functions or activities",
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 3.2',
    },
    {
      id: 'app6-use',
      reference: 'APP 6.1',
      title: 'Use or disclosure only for the primary purpose (or an exception)',
      theme: 'lawful_basis',
      evidence: ['purposes_declared', 'recipients_declared'],
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 6.1-6.2',
    },
    {
      id: 'app8-overseas',
      reference: 'APP 8.1',
      title: 'Cross-border disclosure: reasonable steps that the recipient complies',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source:
        'Privacy Act 1988 (Cth) Sch 1, APP 8.1; s 16C (accountability for the overseas recipient)',
    },
    {
      id: 'app11-security',
      reference: 'APP 11.1',
      title:
        'Protect from misuse, interference, loss, unauthorised access, modification or disclosure',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 11.1',
    },
    {
      id: 'app11-destroy',
      reference: 'APP 11.2',
      title: 'Destroy or de-identify information no longer needed',
      theme: 'retention',
      evidence: ['retention_declared', 'pii_columns_anonymized'],
      source:
        'Privacy Act 1988 (Cth) Sch 1, APP 11.2: "take such steps as are reasonable in the circumstances to destroy the information or to ensure that the information is de-identified"',
    },
    {
      id: 'app12-access',
      reference: 'APP 12.1',
      title: 'Access to personal information on request',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 12.1',
    },
    {
      id: 'ndb-assessment',
      reference: 'Part IIIC, s 26WH',
      title: 'Assessment of suspected eligible data breaches',
      theme: 'breach',
      evidence: ['breach_register'],
      source: 'Privacy Act 1988 (Cth) s 26WH(2)',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 'APP 12.4(a)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording:
          'within a reasonable period after the request is made (an organisation; an agency: within 30 days, APP 12.4(a)(i))',
        source: 'Privacy Act 1988 (Cth) Sch 1, APP 12.4(a)(ii)',
      },
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 12.4',
    },
    {
      right: 'rectification',
      reference: 'APP 13.5(a)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording:
          'within a reasonable period after the request is made (an organisation; an agency: within 30 days)',
        source: 'Privacy Act 1988 (Cth) Sch 1, APP 13.5(a)',
      },
      source: 'Privacy Act 1988 (Cth) Sch 1, APP 13.1, 13.5',
    },
  ],
  breach: [
    {
      recipient: 'assessment',
      to: 'the entity itself: a reasonable and expeditious assessment of a suspected eligible data breach',
      deadline: {
        kind: 'calendar_days',
        days: 30,
        source:
          'Privacy Act 1988 (Cth) s 26WH(2)(b): "take all reasonable steps to ensure that the assessment is completed within 30 days after the entity becomes aware"',
      },
      runsFrom: 'awareness',
      runsFromWording:
        'after the entity becomes aware that there are reasonable grounds to suspect an eligible data breach',
      threshold: {
        risk: 'any',
        wording: 'reasonable grounds to suspect that there may have been an eligible data breach',
        source: 'Privacy Act 1988 (Cth) s 26WH(1)',
      },
      content: [
        'whether there are reasonable grounds to believe that the circumstances amount to an eligible data breach (s 26WH(2)(a))',
      ],
      source: 'Privacy Act 1988 (Cth) s 26WH',
    },
    {
      recipient: 'authority',
      to: 'the Australian Information Commissioner (a copy of the s 26WK statement)',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'as soon as practicable after the entity becomes so aware',
        source: 'Privacy Act 1988 (Cth) s 26WK(2)(b)',
      },
      runsFrom: 'awareness',
      runsFromWording:
        'after the entity becomes aware of reasonable grounds to believe there has been an eligible data breach',
      threshold: {
        risk: 'high_risk',
        wording:
          'an eligible data breach: a reasonable person would conclude that the access or disclosure would be likely to result in serious harm (s 26WE(2))',
        source: 'Privacy Act 1988 (Cth) ss 26WE, 26WK(1)',
      },
      content: [
        'the identity and contact details of the entity (s 26WK(3)(a))',
        'a description of the eligible data breach (s 26WK(3)(b))',
        'the kind or kinds of information concerned (s 26WK(3)(c))',
        'recommendations about the steps individuals should take in response (s 26WK(3)(d))',
      ],
      source: 'Privacy Act 1988 (Cth) s 26WK',
    },
    {
      recipient: 'subjects',
      to: 'each individual to whom the information relates, or each individual at risk; otherwise a published statement',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'as soon as practicable after the completion of the preparation of the statement',
        source: 'Privacy Act 1988 (Cth) s 26WL(3)',
      },
      runsFrom: 'statement',
      runsFromWording: 'after the completion of the preparation of the s 26WK statement',
      threshold: {
        risk: 'high_risk',
        wording: 'an eligible data breach (likely to result in serious harm)',
        source: 'Privacy Act 1988 (Cth) ss 26WE, 26WL(1)',
      },
      content: [
        'the contents of the s 26WK statement (s 26WL(2)(a)-(b)); if neither is practicable, publish it and publicise its contents (s 26WL(2)(c))',
      ],
      source: 'Privacy Act 1988 (Cth) s 26WL',
    },
  ],
  notes: [
    'The APPs bind agencies and organisations with an annual turnover above $3 million, with exceptions (s 6D).',
  ],
};
