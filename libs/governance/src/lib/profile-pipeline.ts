import { ConfitureError, type Profile } from '@confiture/domain';
import {
  GovernancePipeline,
  type PipelineHook,
  type PipelinePhase,
  type PipelineValidator,
  type ValidationPhase,
} from './pipeline';
import {
  completenessValidator,
  customValidator,
  rangeValidator,
  typeValidator,
} from './validators';

/** Hooks and custom validators registered in code, which a profile's `governance:` names. */
export interface GovernanceRegistry {
  hooks?: Readonly<Record<string, PipelineHook['run']>>;
  validators?: Readonly<Record<string, PipelineValidator['validate']>>;
}

const PHASE_KEYS: Record<string, PipelinePhase> = {
  pre_validation: 'PRE_VALIDATION',
  before_anonymization: 'BEFORE_ANONYMIZATION',
  anonymization: 'ANONYMIZATION',
  post_anonymization: 'POST_ANONYMIZATION',
  cleanup: 'CLEANUP',
};

/**
 * Builds the pipeline a profile's `governance:` section describes: its validators (completeness,
 * type, range, and custom ones by name) and hooks by name, each looked up in `registry`. Every
 * unknown name is reported at once, with its YAML path and the registered names.
 */
export function pipelineFromProfile(
  profile: Profile,
  registry: GovernanceRegistry = {},
): GovernancePipeline {
  const pipeline = new GovernancePipeline({ profile });
  const settings = profile.governance;
  if (!settings) return pipeline;
  const errors: ConfitureError[] = [];
  const fail = (path: string, name: string, kind: 'hook' | 'validator', known: string[]) =>
    errors.push(
      new ConfitureError('PROFILE_INVALID', `no ${kind} named "${name}" is registered`, {
        ...(profile.file ? { file: profile.file } : {}),
        path,
        hint:
          known.length > 0
            ? `Registered ${kind}s: ${known.join(', ')}.`
            : `No ${kind} is registered in code.`,
      }),
    );
  settings.validators.forEach((v, index) => {
    const phase = PHASE_KEYS[v.phase] as ValidationPhase;
    const path = `governance.validators[${index}]`;
    switch (v.type) {
      case 'completeness':
        pipeline.addValidator(
          phase,
          completenessValidator({
            table: v.table,
            columns: v.columns,
            allowNulls: v.allow_nulls,
            severity: v.severity,
          }),
        );
        break;
      case 'type':
        pipeline.addValidator(
          phase,
          typeValidator({ table: v.table, columns: v.columns, severity: v.severity }),
        );
        break;
      case 'range':
        pipeline.addValidator(
          phase,
          rangeValidator({
            table: v.table,
            column: v.column,
            ...(v.min !== undefined ? { min: v.min } : {}),
            ...(v.max !== undefined ? { max: v.max } : {}),
            severity: v.severity,
          }),
        );
        break;
      case 'custom': {
        const validate = registry.validators?.[v.name];
        if (!validate) {
          fail(`${path}.name`, v.name, 'validator', Object.keys(registry.validators ?? {}));
          break;
        }
        pipeline.addValidator(phase, customValidator(v.name, validate, v.severity));
        break;
      }
    }
  });
  for (const [key, names] of Object.entries(settings.hooks)) {
    names.forEach((name, index) => {
      const run = registry.hooks?.[name];
      if (!run) {
        fail(`governance.hooks.${key}[${index}]`, name, 'hook', Object.keys(registry.hooks ?? {}));
        return;
      }
      pipeline.addHook(PHASE_KEYS[key]!, { name, run });
    });
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) {
    throw new ConfitureError(
      'PROFILE_INVALID',
      `${errors.length} governance steps are not registered`,
      {
        ...(profile.file ? { file: profile.file } : {}),
        details: errors,
      },
    );
  }
  return pipeline;
}
