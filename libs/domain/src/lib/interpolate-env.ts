import { ConfitureError } from './confiture-error';
import { formatYamlPath, type YamlPath } from './safe-yaml';

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;

/** Where interpolation happens, for error messages. */
export interface InterpolationContext {
  env: Readonly<Record<string, string | undefined>>;
  file: string;
  locate?: (path: YamlPath) => { line: number; col: number } | undefined;
}

/**
 * Replaces `${VAR}` in every string of `value` with the environment variable's value (`$${` is a
 * literal `${`). Variables come from `context.env` only; a missing or empty one is an error naming
 * the variable, the file and the YAML path. Returns the names of the variables used.
 */
export function interpolateEnv(
  value: unknown,
  context: InterpolationContext,
  path: YamlPath = [],
): { value: unknown; variables: Set<string> } {
  const variables = new Set<string>();
  const walk = (node: unknown, at: YamlPath): unknown => {
    if (typeof node === 'string') return interpolateString(node, at);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...at, index]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...at, k])]));
    }
    return node;
  };
  const interpolateString = (text: string, at: YamlPath): string =>
    text.replace(REFERENCE, (match, name: string | undefined) => {
      if (match === '$${') return '${';
      const variable = (name ?? '').trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
        throw new ConfitureError(
          'ENVIRONMENT_INVALID',
          `"${match}" is not a valid variable reference`,
          {
            file: context.file,
            path: formatYamlPath(at),
            ...(context.locate?.(at) ?? {}),
            hint: 'Write ${NAME} with letters, digits and underscores; write $${ for a literal ${.',
          },
        );
      }
      const resolved = context.env[variable];
      if (resolved === undefined || resolved === '') {
        throw new ConfitureError('ENV_VAR_MISSING', `environment variable ${variable} is not set`, {
          file: context.file,
          path: formatYamlPath(at),
          ...(context.locate?.(at) ?? {}),
          hint: `Export ${variable} before running Confiture; values are read from the environment only.`,
        });
      }
      variables.add(variable);
      return resolved;
    });
  return { value: walk(value, path), variables };
}
