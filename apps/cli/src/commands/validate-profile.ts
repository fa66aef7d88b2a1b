import { Args } from '@oclif/core';
import { loadProfile, summarizeProfile, type ProfileSummary } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { resolve } from 'node:path';
import { BaseCommand } from '../base-command';

export default class ValidateProfile extends BaseCommand<typeof ValidateProfile> {
  static override summary = 'Check an anonymization profile without connecting to any database.';

  static override description = `Parses the profile with a safe YAML loader (custom tags such as !!js/function or
!!python/object are refused, never executed; alias bombs are refused), validates every key strictly
and every rule's options against its strategy, and reports every problem with its file, line and
YAML path. Exits 0 when the profile is valid, 2 when it is not.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> anonymization_config.yaml',
    '<%= config.bin %> <%= command.id %> db/anonymization-profiles/production.yaml --json',
  ];

  static override args = {
    file: Args.string({ description: 'Profile to check (YAML).', required: true }),
  };

  async run(): Promise<ProfileSummary> {
    const file = resolve(this.workingDirectory, this.args.file);
    const summary = summarizeProfile(loadProfile(file, { catalog: strategyCatalog }));
    const strategies = Object.entries(summary.strategies)
      .map(([type, count]) => `${type} ×${count}`)
      .join(', ');
    this.log(
      `✔ ${this.args.file} is a valid profile "${summary.name}"${summary.version ? ` v${summary.version}` : ''}`,
    );
    this.log(
      `  ${summary.tables} tables (${summary.tablesWithRules} with rules), ${summary.rules} rules${strategies ? `: ${strategies}` : ''}`,
    );
    if (summary.excludedTables.length > 0)
      this.log(`  excluded: ${summary.excludedTables.join(', ')}`);
    this.log(`  seeds: ${summary.seeds.length > 0 ? summary.seeds.join('; ') : 'none declared'}`);
    this.log(`  sha256: ${summary.sha256}`);
    for (const warning of summary.warnings) this.warn(warning);
    return summary;
  }
}
