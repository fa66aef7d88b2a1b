import { Args } from '@oclif/core';
import { ConfitureError } from '@confiture/domain';
import { renderStrategyHelp, strategyDefinitions } from '@confiture/strategies';
import { BaseCommand } from '../base-command';

export default class Strategies extends BaseCommand<typeof Strategies> {
  static override summary = 'List the anonymization strategies, or show one with its options.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> email',
  ];

  static override args = {
    type: Args.string({ description: 'A strategy type to show in full.', required: false }),
  };

  async run(): Promise<{ types: string[] } | { type: string; help: string }> {
    const { type } = this.args;
    const help = renderStrategyHelp(type);
    if (help === undefined) {
      throw new ConfitureError('PROFILE_INVALID', `unknown strategy "${type}"`, {
        hint: `Known strategies: ${strategyDefinitions.map((d) => d.type).join(', ')}`,
      });
    }
    this.log(help);
    return type === undefined ? { types: strategyDefinitions.map((d) => d.type) } : { type, help };
  }
}
