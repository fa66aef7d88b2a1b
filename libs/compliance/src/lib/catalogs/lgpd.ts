import type { RegulationCatalogInput } from '../catalog-schema';

const ART18 = {
  kind: 'no_fixed_deadline',
  wording:
    'imediatamente; when immediate action is not possible, a reply giving the reasons (Art. 18 §4)',
  source: 'LGPD Art. 18 §§3-5: "Em caso de impossibilidade de adoção imediata da providência"',
} as const;

/** Brazil's Lei Geral de Proteção de Dados Pessoais and ANPD Resolution CD/ANPD No. 15/2024. */
export const LGPD_CATALOG: RegulationCatalogInput = {
  id: 'lgpd',
  name: 'Lei Geral de Proteção de Dados Pessoais (Lei nº 13.709/2018)',
  shortName: 'LGPD',
  jurisdiction: 'Brazil',
  regions: ['BR'],
  authority: 'the Autoridade Nacional de Proteção de Dados (ANPD)',
  timeZone: 'America/Sao_Paulo',
  recordTitle: 'Registro das operações de tratamento (LGPD Art. 37)',
  requirements: [
    {
      id: 'art37-record',
      reference: 'Art. 37',
      title: 'Record of processing operations',
      theme: 'accountability',
      evidence: [
        'controller_identity',
        'purposes_declared',
        'data_categories_declared',
        'recipients_declared',
        'retention_declared',
      ],
      source:
        'LGPD Art. 37: "O controlador e o operador devem manter registro das operações de tratamento de dados pessoais que realizarem"',
    },
    {
      id: 'art41-encarregado',
      reference: 'Art. 41 §1',
      title: 'Encarregado (DPO) appointed, identity and contact disclosed',
      theme: 'accountability',
      evidence: ['dpo_contact'],
      source:
        'LGPD Art. 41 caput and §1: "A identidade e as informações de contato do encarregado deverão ser divulgadas publicamente"',
    },
    {
      id: 'art7-legal-basis',
      reference: 'Art. 7',
      title: 'Legal basis for each purpose',
      theme: 'lawful_basis',
      evidence: ['purposes_declared'],
      source: 'LGPD Art. 7, I-X (and Art. 11 for sensitive data)',
    },
    {
      id: 'art6-necessity',
      reference: 'Art. 6, III',
      title: 'Necessity: processing limited to the minimum necessary',
      theme: 'minimisation',
      evidence: ['pii_inventory', 'pii_columns_anonymized'],
      source: 'LGPD Art. 6, III (necessidade): "limitação do tratamento ao mínimo necessário"',
    },
    {
      id: 'art12-anonymized',
      reference: 'Art. 12; Art. 13 §4',
      title: 'Anonymized data: not reversible with reasonable means',
      theme: 'minimisation',
      evidence: ['pii_columns_anonymized', 'anonymization_verified'],
      source:
        'LGPD Art. 12: anonymized data are not personal data "salvo quando o processo de anonimização ao qual foram submetidos for revertido"; Art. 13 §4 defines pseudonymization',
    },
    {
      id: 'art46-security',
      reference: 'Art. 46',
      title: 'Technical and administrative security measures',
      theme: 'security',
      evidence: ['anonymization_verified', 'token_access_controlled'],
      source:
        'LGPD Art. 46: "medidas de segurança, técnicas e administrativas aptas a proteger os dados pessoais de acessos não autorizados"',
    },
    {
      id: 'art6-accountability',
      reference: 'Art. 6, X',
      title: 'Accountability (responsabilização e prestação de contas)',
      theme: 'accountability',
      evidence: ['audit_log_intact', 'lineage_intact'],
      source: 'LGPD Art. 6, X: demonstration of effective measures capable of proving compliance',
    },
    {
      id: 'art16-elimination',
      reference: 'Arts. 15-16',
      title: 'Elimination at the end of processing',
      theme: 'retention',
      evidence: ['retention_declared'],
      source:
        'LGPD Art. 16: data "serão eliminados após o término de seu tratamento", with the exceptions listed',
    },
    {
      id: 'art33-transfers',
      reference: 'Art. 33',
      title: 'International transfer only in the cases listed',
      theme: 'transfers',
      evidence: ['transfers_safeguarded'],
      source: 'LGPD Art. 33, I-IX',
    },
    {
      id: 'art18-rights',
      reference: 'Art. 18 §3',
      title: 'Requests exercised by express request to the agent',
      theme: 'subject_rights',
      evidence: ['subject_requests_channel'],
      source:
        'LGPD Art. 18 §3: "mediante requerimento expresso do titular ou de representante legalmente constituído"',
    },
    {
      id: 'incident-register',
      reference: 'Art. 48; Res. CD/ANPD 15/2024 Art. 10',
      title: 'Register of security incidents, kept for at least five years',
      theme: 'breach',
      evidence: ['breach_register'],
      source:
        'Resolução CD/ANPD nº 15/2024, Art. 10: the controller keeps a register of the incident, even one not communicated, for at least 5 years',
    },
  ],
  rights: [
    {
      right: 'access',
      reference: 'Art. 19, II',
      deadline: {
        kind: 'calendar_days',
        days: 15,
        source:
          'LGPD Art. 19, II: "fornecida no prazo de até 15 (quinze) dias, contado da data do requerimento do titular" (Art. 19, I: in simplified format, immediately)',
      },
      source: 'LGPD Art. 18, II and Art. 19',
    },
    {
      right: 'portability',
      reference: 'Art. 18, V',
      deadline: {
        kind: 'no_fixed_deadline',
        wording: 'de acordo com a regulamentação da autoridade nacional (no period set by the Law)',
        source: 'LGPD Art. 18, V',
      },
      source: 'LGPD Art. 18, V',
    },
    {
      right: 'rectification',
      reference: 'Art. 18, III',
      deadline: ART18,
      source: 'LGPD Art. 18, III and §§3-5',
    },
    {
      right: 'erasure',
      reference: 'Art. 18, IV and VI',
      deadline: ART18,
      source: 'LGPD Art. 18, IV (eliminação de dados desnecessários) and VI; exceptions Art. 16',
    },
    {
      right: 'restriction',
      reference: 'Art. 18, IV (bloqueio)',
      deadline: ART18,
      source: 'LGPD Art. 18, IV and §§3-5',
    },
    {
      right: 'objection',
      reference: 'Art. 18 §2',
      deadline: ART18,
      source: 'LGPD Art. 18 §2 (oposição)',
    },
  ],
  breach: [
    {
      recipient: 'authority',
      to: 'the ANPD, through its electronic form',
      deadline: {
        kind: 'business_days',
        days: 3,
        source:
          'Resolução CD/ANPD nº 15/2024, Art. 6: "no prazo de três dias úteis", contados do conhecimento pelo controlador de que o incidente afetou dados pessoais; LGPD Art. 48 §1: "em prazo razoável, conforme definido pela autoridade nacional"',
      },
      runsFrom: 'awareness',
      runsFromWording: "from the controller's knowledge that the incident affected personal data",
      threshold: {
        risk: 'risk',
        wording:
          'incidente de segurança que possa acarretar risco ou dano relevante aos titulares (criteria: Res. 15/2024 Art. 5)',
        source: 'LGPD Art. 48 caput; Resolução CD/ANPD nº 15/2024, Art. 5',
      },
      content: [
        'a description of the nature of the affected personal data (Art. 48 §1, I)',
        'information on the data subjects involved (Art. 48 §1, II)',
        'the technical and security measures used to protect the data (Art. 48 §1, III)',
        'the risks related to the incident (Art. 48 §1, IV)',
        'the reasons for any delay (Art. 48 §1, V)',
        'the measures adopted or to be adopted to reverse or mitigate the effects (Art. 48 §1, VI)',
      ],
      source:
        'LGPD Art. 48 §1; Res. CD/ANPD 15/2024 Arts. 6-7 (complementary information within 20 business days)',
    },
    {
      recipient: 'subjects',
      to: 'the affected data subjects, individually where possible',
      deadline: {
        kind: 'business_days',
        days: 3,
        source:
          'Resolução CD/ANPD nº 15/2024, Art. 9: communication to the data subjects "no prazo de três dias úteis" from the controller\'s knowledge',
      },
      runsFrom: 'awareness',
      runsFromWording: "from the controller's knowledge that the incident affected personal data",
      threshold: {
        risk: 'risk',
        wording: 'que possa acarretar risco ou dano relevante aos titulares',
        source: 'LGPD Art. 48 caput; Res. 15/2024 Arts. 5 and 9',
      },
      content: [
        'clear and simple language, individually (letter, e-mail, message) where possible; otherwise a public notice kept at least 90 days (Res. 15/2024 Art. 9)',
        "the nature of the data, the risks, the measures taken and recommended, and the encarregado's contact (Res. 15/2024 Art. 9)",
      ],
      source: 'Res. CD/ANPD 15/2024 Art. 9',
    },
  ],
  notes: [
    'Business days here skip Saturdays and Sundays only: add Brazilian national holidays with `holidays:` in compliance.yaml.',
    'Small-scale processing agents have doubled periods (Res. CD/ANPD 2/2022 Art. 14), not applied automatically.',
  ],
};
