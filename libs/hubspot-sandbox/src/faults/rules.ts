import { z } from 'zod';

/** Call filter of a fault rule; every given field must match. */
export const faultMatchSchema = z
  .object({
    /** HTTP method or methods, case-insensitive. */
    method: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /**
     * Path pattern: `*` or `:name` matches one segment, `**` any number of segments; the query
     * string is ignored and a trailing slash does not matter.
     */
    path: z.string().startsWith('/').optional(),
    portalId: z.number().int().positive().optional(),
  })
  .strict();

const statusEffectSchema = z
  .object({
    type: z.literal('status'),
    status: z.number().int().min(400).max(599),
    /** Response body; a string is sent as is. Defaults to a HubSpot-style JSON body for the status. */
    body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    /** Sends an HTML error page like the ones proxies return for 502 and 504. */
    html: z.boolean().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
  })
  .strict();

const latencyEffectSchema = z
  .object({
    type: z.literal('latency'),
    /** Fixed delay in milliseconds. */
    ms: z.number().int().min(0).optional(),
    /** Random delay between `minMs` and `maxMs`, drawn from the seeded generator. */
    minMs: z.number().int().min(0).optional(),
    maxMs: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((effect) => effect.ms !== undefined || (effect.minMs !== undefined && effect.maxMs !== undefined), {
    message: 'latency needs "ms" or both "minMs" and "maxMs"',
  })
  .refine(
    (effect) => effect.minMs === undefined || effect.maxMs === undefined || effect.minMs <= effect.maxMs,
    {
      message: '"minMs" must not exceed "maxMs"',
    },
  );

const timeoutEffectSchema = z
  .object({
    type: z.literal('timeout'),
    /** How long the response is held after the request was processed; null keeps it until the sandbox closes. */
    ms: z.number().int().min(0).nullable(),
  })
  .strict();

const dropEffectSchema = z
  .object({
    type: z.literal('drop'),
    /** `before`: the socket is destroyed before the handler runs; `after`: after the write was applied. */
    when: z.enum(['before', 'after']),
  })
  .strict();

const partialFailureEffectSchema = z
  .object({
    type: z.literal('partialFailure'),
    /** Emails, record ids or external ids that batch handlers report as failed (207). */
    inputs: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const faultEffectSchema = z.union([
  statusEffectSchema,
  latencyEffectSchema,
  timeoutEffectSchema,
  dropEffectSchema,
  partialFailureEffectSchema,
]);

export const faultRuleSchema = z
  .object({
    id: z.string().min(1).optional(),
    match: faultMatchSchema.optional(),
    effect: faultEffectSchema,
    /** Probability that a matching call is affected, 0 to 1. */
    rate: z.number().min(0).max(1).default(1),
    /** Applies to the next N affected calls only, then the rule removes itself. */
    times: z.number().int().positive().optional(),
  })
  .strict();

export type FaultMatch = z.infer<typeof faultMatchSchema>;
export type FaultEffect = z.infer<typeof faultEffectSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema> & { id: string };
export type StatusEffect = z.infer<typeof statusEffectSchema>;
export type TimeoutEffect = z.infer<typeof timeoutEffectSchema>;
export type DropEffect = z.infer<typeof dropEffectSchema>;

/** Compiles a path pattern (see `faultMatchSchema.path`) into a regular expression. */
export function compilePathPattern(pattern: string): RegExp {
  const segments = trimTrailingSlash(pattern)
    .split('/')
    .map((segment) => {
      if (segment === '**') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
    });
  return new RegExp(`^${segments.join('/')}$`);
}

/** Removes one trailing slash unless the path is just `/`. */
export function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
