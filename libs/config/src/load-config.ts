import type { z } from 'zod';

import { ConfigError } from './errors.js';
import { deepFreeze, type DeepReadonly } from './freeze.js';
import { describeIssue, expectedOnlyMessage } from './problems.js';

/** Prefix of the variables that belong to this project. Unknown ones are reported as warnings. */
export const PROJECT_ENV_PREFIX = 'ONIVA_';

/** Result of `loadConfig`. */
export interface LoadedConfig<T> {
  /** Parsed configuration, frozen all the way down. */
  config: DeepReadonly<T>;
  /** One line per `ONIVA_` variable that the schema does not declare, for the caller to log. */
  warnings: readonly string[];
}

/**
 * Parses an environment record with a zod object schema and returns the frozen result.
 *
 * Empty values count as unset, so `FOO=` falls back to the field's default. Cross-field rules run
 * through the schema's `superRefine`. Throws `ConfigError` listing every invalid variable, as
 * `NAME: expected ..., received "..."`, with secret values masked.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadedConfig<z.output<S>> {
  const input = withoutEmptyValues(env);
  const result = schema.safeParse(input, { error: expectedOnlyMessage });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describeIssue(issue, input));
    throw new ConfigError(
      'CONFIG_ERR_INVALID_ENV',
      `Invalid configuration, fix these environment variables:\n  ${problems.join('\n  ')}`,
      { problems, cause: result.error },
    );
  }

  const declared = new Set(Object.keys(schema.shape));
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith(PROJECT_ENV_PREFIX) && !declared.has(name))
    .sort()
    .map((name) => `${name} is set but this service does not read it; check the name for a typo`);

  return { config: deepFreeze(result.data), warnings: Object.freeze(warnings) };
}

function withoutEmptyValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') input[name] = value;
  }
  return input;
}
