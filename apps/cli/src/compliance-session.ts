import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { loadComplianceConfig, type ComplianceConfig } from '@confiture/compliance';

/** `--config`: the controller's compliance.yaml. */
export const complianceConfigFlag = Flags.string({
  summary:
    'compliance.yaml with the controller facts no database holds (see examples/compliance.yaml).',
});

/** `--output`: where to write the document instead of stdout. */
export const outputFlag = Flags.string({
  summary: 'Write the document to this file instead of stdout.',
});

/** The compliance.yaml `--config` names (relative to the working directory), if any. */
export function complianceConfigFrom(
  file: string | undefined,
  cwd: string,
): ComplianceConfig | undefined {
  return file ? loadComplianceConfig(resolve(cwd, file)) : undefined;
}

/** Writes a rendered document to `--output` (then returns its path) or to stdout. */
export function writeDocument(
  bytes: Buffer,
  output: string | undefined,
  cwd: string,
): string | undefined {
  if (!output) {
    process.stdout.write(bytes);
    return undefined;
  }
  const file = resolve(cwd, output);
  writeFileSync(file, bytes);
  return file;
}
