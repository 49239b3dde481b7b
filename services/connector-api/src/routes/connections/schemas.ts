import { z } from 'zod';

import { timestampSchema } from '../../http/common-schemas.js';
import { FEATURES } from '../../domain/features.js';
import { PARTICIPATION_TARGETS, statusMappingSchema } from '../../domain/status-mapping.js';

const TOKEN_EXPECTED = 'expected a HubSpot access token: 16 to 1024 printable characters without spaces';

/** The access token in a request body. Validation messages never repeat it. */
export const accessTokenSchema = z
  .string({ error: TOKEN_EXPECTED })
  .min(16, { error: TOKEN_EXPECTED })
  .max(1024, { error: TOKEN_EXPECTED })
  .regex(/^[\x21-\x7e]+$/, { error: TOKEN_EXPECTED })
  .describe(
    'Access token of a HubSpot legacy private app (pat-…) or a HubSpot Service Key, used as a Bearer token. ' +
      'It is stored encrypted and never returned.',
  );

const featureFlag = z.boolean();

/** All three features, as a create request names them. */
export const featuresSchema = z
  .strictObject({
    contactImport: featureFlag.describe('Import HubSpot list contacts into Oniva events or as accounts.'),
    marketingEvents: featureFlag.describe(
      'One HubSpot marketing event per Oniva event, with participant states.',
    ),
    customObjects: featureFlag.describe(
      'Personal event links as custom object records (HubSpot Enterprise only).',
    ),
  })
  .refine((features) => FEATURES.some((feature) => features[feature]), {
    error: 'expected at least one feature set to true',
  });

export const createConnectionBodySchema = z.strictObject({
  accessToken: accessTokenSchema,
  features: featuresSchema,
  statusMapping: statusMappingSchema
    .optional()
    .describe('Oniva status → HubSpot participation state; the documented default applies when omitted.'),
});

export const rotateTokenBodySchema = z.strictObject({ accessToken: accessTokenSchema });

export const updateFeaturesBodySchema = z
  .strictObject({
    contactImport: featureFlag.optional(),
    marketingEvents: featureFlag.optional(),
    customObjects: featureFlag.optional(),
  })
  .refine((features) => Object.keys(features).length > 0, {
    error: `expected at least one of ${FEATURES.join(', ')}`,
  });

export const statusMappingBodySchema = z.strictObject({ statusMapping: statusMappingSchema });

/** A note about a change that succeeded but needs attention. */
export const warningSchema = z.object({
  code: z.enum(['TOKEN_APP_CHANGED', 'PARKED_REPLAY_FAILED', 'CONFIG_CHANGE_NOT_ANNOUNCED']),
  message: z.string(),
});

export type ConnectionWarning = z.infer<typeof warningSchema>;

/** A connection as the API returns it. The token itself is never part of it. */
export const connectionResponseSchema = z
  .object({
    accountId: z.string(),
    portalId: z.int().describe('HubSpot portal (hub) id of the token.'),
    appId: z.int().optional().describe('HubSpot app id of the token.'),
    token: z.object({
      fingerprint: z.string().describe('First 16 hex characters of the SHA-256 of the token.'),
      last4: z.string().describe('Last four characters of the token.'),
    }),
    scopes: z.array(z.string()).describe('Scopes HubSpot granted the token at the last check.'),
    features: z.object({
      contactImport: z.boolean(),
      marketingEvents: z.boolean(),
      customObjects: z.boolean(),
    }),
    statusMapping: z.record(z.string(), z.enum(PARTICIPATION_TARGETS)),
    portalTimeZone: z.string().optional(),
    health: z.object({
      state: z.enum(['healthy', 'unhealthy', 'unknown']),
      code: z.string().optional(),
      message: z.string().optional(),
      fix: z.string().optional(),
      since: timestampSchema.optional(),
      checkedAt: timestampSchema.optional(),
    }),
    lastError: z.object({ code: z.string(), message: z.string(), at: timestampSchema }).optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    warnings: z.array(warningSchema).optional().describe('Present after a change that needs attention.'),
    replayedParkedRecords: z
      .int()
      .optional()
      .describe('Parked records sent for another attempt after the token or features were fixed.'),
  })
  .meta({ id: 'Connection' });

export type ConnectionResponse = z.infer<typeof connectionResponseSchema>;
