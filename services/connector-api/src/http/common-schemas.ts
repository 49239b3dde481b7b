import { z } from 'zod';

const ID_EXPECTED =
  'expected an id of 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

/** An Oniva id (account, workspace, event) or a HubSpot id in a path or body. */
export const idSchema = z
  .string({ error: ID_EXPECTED })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { error: ID_EXPECTED });

/** Id of a stored parked message or dead letter (a MongoDB ObjectId in hex). */
export const recordIdSchema = z.string().regex(/^[0-9a-f]{24}$/, {
  error: 'expected a record id of 24 hexadecimal characters, as listed by the API',
});

/** Id of an import run (a UUID the API generated). */
export const importIdSchema = z.uuid({ error: 'expected an import id (a UUID returned by POST …/imports)' });

/** Path parameters of every account route. */
export const accountParamsSchema = z.strictObject({ accountId: idSchema.describe('Oniva account id.') });

/** ISO-8601 timestamp in UTC, as the API writes every time. */
export const timestampSchema = z.iso.datetime().describe('ISO-8601 time in UTC.');

/** Returns `date` as an ISO-8601 string, or undefined. */
export function isoOrUndefined(date: Date | null | undefined): string | undefined {
  return date === null || date === undefined ? undefined : date.toISOString();
}

const LIMIT_EXPECTED = 'expected an integer from 1 to 200';

/** `limit` query parameter of listing routes: 1 to 200, default 50. */
export const limitSchema = z.coerce
  .number({ error: LIMIT_EXPECTED })
  .int({ error: LIMIT_EXPECTED })
  .min(1, { error: LIMIT_EXPECTED })
  .max(200, { error: LIMIT_EXPECTED })
  .default(50)
  .describe('Items per page, 1 to 200.');

/**
 * Body of a POST or PUT route that takes no input: none, or an empty JSON object. Any field is
 * rejected, so a caller who sends options the route does not have (e.g. `ids` to the parked
 * replay, which replays every parked record) gets a 400 instead of a silent full run.
 * Fastify passes null when the request has no body.
 */
export const noInputBodySchema = z.strictObject({}).nullish().describe('No body, or an empty JSON object.');

/** Body of a request that only acknowledges, e.g. a delete. */
export const emptyResponseSchema = z.null().describe('No content.');
