import type { StrategyCatalog } from '@confiture/domain';
import { strategyDefinitions, findStrategy } from './registry';

/**
 * The strategy catalog the profile loader validates rules against:
 * `loadProfile(file, { catalog: strategyCatalog })`.
 */
export const strategyCatalog: StrategyCatalog = {
  types: strategyDefinitions.map((d) => d.type),
  optionsSchema: (type) => findStrategy(type)?.options,
  nestedRules: (type, options) =>
    type === 'json' && Array.isArray(options['rules'])
      ? options['rules'].map((rule: unknown, i: number) => ({ at: ['rules', i], rule }))
      : [],
};
