import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import {
  findSubjectRows,
  inSubjectSnapshot,
  loadComplianceConfig,
  parseSubjectExpression,
  type SubjectRows,
  type SubjectsConfig,
} from '@confiture/compliance';
import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import { withTargetDatabase, type SessionContext } from './security-session';

/** `--subject`: the data subject, as `<table>.<column>=<value>`. */
export const subjectFlag = Flags.string({
  summary: 'The data subject: <schema.table>.<column>=<value>, e.g. app.Accounts.id=42.',
  required: true,
});

/** `--config`: the compliance.yaml holding the `subjects:` section. */
export const subjectsConfigFlag = Flags.string({
  summary: 'compliance.yaml with the subjects: section (default ./compliance.yaml).',
  default: 'compliance.yaml',
});

/** The `subjects:` section of the compliance.yaml `file` (relative to `cwd`), or a clear refusal. */
export function subjectsConfigFrom(file: string, cwd: string): SubjectsConfig {
  const config = loadComplianceConfig(resolve(cwd, file));
  if (!config.subjects)
    throw new ConfitureError('CONFIG_INVALID', `${config.file} has no subjects: section`, {
      path: 'subjects',
      hint: 'Add subjects: { root: <schema.table>, identifiers: [...] } (docs/subject-rights.md).',
    });
  return config.subjects;
}

/**
 * Parses `--subject`, connects read-only to `connection`, finds the subject's rows in one
 * REPEATABLE READ snapshot and runs `work` on them in that same snapshot.
 */
export async function withSubjectRows<T>(
  connection: ConnectionConfig,
  context: SessionContext,
  subjects: SubjectsConfig,
  subject: string,
  work: (rows: SubjectRows, client: import('pg').Client) => Promise<T>,
): Promise<T> {
  const expression = parseSubjectExpression(subject);
  return withTargetDatabase(connection, context, { readOnly: true }, (client) =>
    inSubjectSnapshot(client, async () =>
      work(await findSubjectRows(client, subjects, expression), client),
    ),
  );
}
