import { z } from 'zod';

/**
 * HubSpot's standard error body. Every field is optional because HubSpot omits fields freely and
 * gateways in front of it respond with HTML. Unknown fields are kept.
 */
const contextSchema = z.record(z.string(), z.unknown());

const errorDetailSchema = z.looseObject({
  message: z.string().optional(),
  code: z.string().optional(),
  in: z.string().optional(),
  subCategory: z.string().optional(),
  context: contextSchema.optional(),
});

export const errorBodySchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  policyName: z.string().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  context: contextSchema.optional(),
  errors: z.array(errorDetailSchema).optional(),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Maximum length of a raw (non-JSON) body kept on an error, in characters. */
export const MAX_RAW_BODY_CHARS = 2_000;

export interface ParsedBody {
  /** The JSON value, or the raw text cut to `MAX_RAW_BODY_CHARS` when the body is not JSON. */
  value: unknown;
  /** The standard error fields, empty when the body is not a JSON object. */
  error: ErrorBody;
}

/** Parses a response body of any shape; never throws. */
export function parseBody(text: string | undefined): ParsedBody {
  if (text === undefined || text.length === 0) {
    return { value: undefined, error: {} };
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { value: text.slice(0, MAX_RAW_BODY_CHARS), error: {} };
  }

  const parsed = errorBodySchema.safeParse(value);
  return { value, error: parsed.success ? parsed.data : {} };
}

/** Strings of a context entry such as `{"ids": ["12"]}`; non-string items are skipped. */
export function contextStrings(context: Record<string, unknown> | undefined, key: string): string[] {
  const entry = context?.[key];
  if (Array.isArray(entry)) {
    return entry.filter((item): item is string => typeof item === 'string');
  }
  return typeof entry === 'string' ? [entry] : [];
}

/**
 * Scopes named by a MISSING_SCOPES body, from `requiredGranularScopes` (current) or
 * `requiredScopes` (older captures), at the top level or in `errors[].context`.
 */
export function requiredScopesOf(body: ErrorBody): string[] {
  const contexts = [body.context, ...(body.errors ?? []).map((detail) => detail.context)];
  const scopes = contexts.flatMap((context) => [
    ...contextStrings(context, 'requiredGranularScopes'),
    ...contextStrings(context, 'requiredScopes'),
  ]);
  return [...new Set(scopes)];
}
