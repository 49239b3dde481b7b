import { z } from 'zod';

/**
 * Names of the diagnostic findings. Each one is a troubleshooting case of Oniva's HubSpot help page
 * (or a state the sync can be in) with a fix a person can act on.
 */
export const DIAGNOSTIC_CODES = [
  'NOT_CONNECTED',
  'TOKEN_INVALID',
  'HUBSPOT_UNREACHABLE',
  'MISSING_SCOPES',
  'CUSTOM_OBJECTS_UNAVAILABLE',
  'CUSTOM_OBJECT_SCHEMA_MISSING',
  'CONNECTION_UNHEALTHY',
  'DAILY_LIMIT_REACHED',
  'DAILY_LIMIT_NEARLY_REACHED',
  'NO_WORKSPACE_ACTIVATED',
  'WORKSPACE_NOT_ACTIVATED',
  'EVENT_NOT_ACTIVATED',
  'RECORDS_PARKED',
  'RECORDS_DEAD_LETTERED',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** `fail`: the sync is broken until the fix is applied; `warn`: it works but needs attention. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export const checkResultSchema = z
  .object({
    check: z.string().describe('What was checked, e.g. token, scopes.marketingEvents, event-activation.'),
    status: z.enum(['pass', 'fail', 'warn', 'skip']),
    code: z.enum(DIAGNOSTIC_CODES).optional().describe('Named finding; absent when the check passed.'),
    message: z.string().describe('What was found.'),
    fix: z.string().optional().describe('What to do about it.'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'DiagnosticResult' });

export type CheckResult = z.infer<typeof checkResultSchema>;

export const diagnosticsResponseSchema = z
  .object({
    accountId: z.string(),
    status: z
      .enum(['ok', 'warnings', 'problems'])
      .describe('problems when any check failed, warnings when any warned.'),
    checkedAt: z.iso.datetime(),
    results: z.array(checkResultSchema),
  })
  .meta({ id: 'Diagnostics' });

export function pass(check: string, message: string, details?: Record<string, unknown>): CheckResult {
  return { check, status: 'pass', message, ...(details ? { details } : {}) };
}

export function skip(check: string, message: string): CheckResult {
  return { check, status: 'skip', message };
}

/** Builds the result of a failed or warning check, with its named finding and fix. */
export function finding(result: {
  check: string;
  status: 'fail' | 'warn';
  code: DiagnosticCode;
  message: string;
  fix: string;
  details?: Record<string, unknown>;
}): CheckResult {
  return result;
}

/** Overall status: `problems` when any check failed, `warnings` when any warned, else `ok`. */
export function overallStatus(results: readonly CheckResult[]): 'ok' | 'warnings' | 'problems' {
  if (results.some((result) => result.status === 'fail')) return 'problems';
  if (results.some((result) => result.status === 'warn')) return 'warnings';
  return 'ok';
}
