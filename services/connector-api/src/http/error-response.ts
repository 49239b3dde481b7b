import { z } from 'zod';

import { API_ERROR_CODES, type ApiErrorCode } from '../errors.js';

/** Body of every error response. */
export const errorResponseSchema = z
  .object({
    statusCode: z.int().describe('HTTP status code, repeated for clients that only keep the body.'),
    code: z.enum(API_ERROR_CODES as [ApiErrorCode, ...ApiErrorCode[]]).describe('Stable error code.'),
    error: z.string().describe('HTTP status text.'),
    message: z.string().describe('What failed, on which field or value, and how to fix it.'),
    requestId: z
      .string()
      .describe('Id of the request, also in the x-request-id header and in every log line.'),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Structured facts, e.g. `issues` for invalid fields or `missingScopes` per feature.'),
  })
  .meta({ id: 'Error' });

/** Body of every error response. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * Adds the error body to a route's response schemas for every 4xx and 5xx status, so the OpenAPI
 * document lists it and error bodies are checked like success bodies.
 */
export function withErrorResponses<T extends Record<number, z.ZodType>>(
  responses: T,
): T & { '4xx': typeof errorResponseSchema; '5xx': typeof errorResponseSchema } {
  return { ...responses, '4xx': errorResponseSchema, '5xx': errorResponseSchema };
}
