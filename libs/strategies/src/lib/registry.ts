import { ConfitureError } from '@confiture/domain';
import type { AnyStrategyDefinition } from './strategy-definition';
import { address } from './strategies/address';
import { aggregate } from './strategies/aggregate';
import { custom } from './strategies/custom';
import { dp } from './strategies/dp';
import { email } from './strategies/email';
import { fpe } from './strategies/fpe';
import { generalize } from './strategies/generalize';
import { hash } from './strategies/hash';
import { json } from './strategies/json';
import { mask } from './strategies/mask';
import { name } from './strategies/name';
import { noise } from './strategies/noise';
import { phone } from './strategies/phone';
import { preserve } from './strategies/preserve';
import { pseudonymize } from './strategies/pseudonymize';
import { redact } from './strategies/redact';
import { suppress } from './strategies/suppress';
import { textScrub } from './strategies/text-scrub';
import { tokenize } from './strategies/tokenize';

/** Every strategy, in the order of SPEC.md's table. */
export const strategyDefinitions: readonly AnyStrategyDefinition[] = [
  preserve,
  redact,
  suppress,
  hash,
  email,
  phone,
  name,
  address,
  mask,
  tokenize,
  fpe,
  dp,
  noise,
  generalize,
  pseudonymize,
  aggregate,
  textScrub,
  json,
  custom,
];

const byType = new Map(strategyDefinitions.map((d) => [d.type, d]));

/** The definition of `type`, or undefined. */
export function findStrategy(type: string): AnyStrategyDefinition | undefined {
  return byType.get(type);
}

/** The definition of `type`; an unknown type is a STRATEGY_OPTIONS error listing the known ones. */
export function getStrategy(type: string): AnyStrategyDefinition {
  const definition = byType.get(type);
  if (!definition) {
    throw new ConfitureError('STRATEGY_OPTIONS', `unknown strategy type "${type}"`, {
      hint: `Known types: ${strategyDefinitions.map((d) => d.type).join(', ')}.`,
    });
  }
  return definition;
}
