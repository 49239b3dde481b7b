import { z } from 'zod';
import { faultRuleSchema } from '../faults/rules.js';
import { isValidTimeZone } from '../limits/time-zone.js';
import { ACCOUNT_TYPES, TIERS } from '../state/portals.js';
import { PROCESSING_TYPES } from '../state/lists.js';

const propertyValues = z.record(z.string(), z.string());

export const limitOverridesSchema = z
  .object({
    burstMax: z.number().int().positive().nullable().optional(),
    dailyMax: z.number().int().positive().nullable().optional(),
    searchPerSecond: z.number().int().positive().nullable().optional(),
  })
  .strict();

export const tokenSpecSchema = z
  .object({
    /** The secret; a `pat-na1-<uuid>` value is generated when absent. */
    token: z.string().regex(/^\S+$/, 'must be a non-empty string without spaces').optional(),
    appId: z.number().int().positive().default(1),
    userId: z.number().int().positive().default(1),
    scopes: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const contactsSpecSchema = z
  .object({
    /** Number of deterministic contacts to generate. */
    generate: z.number().int().min(0).max(10_000_000).optional(),
    /** Email domain of generated contacts. */
    domain: z.string().min(1).optional(),
    /** Properties every generated contact gets. */
    properties: propertyValues.optional(),
    /** Explicit contacts, each a map of property values. */
    contacts: z.array(propertyValues).optional(),
  })
  .strict();

export const listSpecSchema = contactsSpecSchema
  .extend({
    name: z.string().min(1),
    processingType: z.enum(PROCESSING_TYPES).default('MANUAL'),
    /** Existing contact ids to add as members. */
    memberIds: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().positive()])).optional(),
    folderName: z.string().optional(),
  })
  .strict();

export const contactPropertySpecSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores'),
    label: z.string().min(1),
    type: z
      .enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'])
      .default('string'),
    fieldType: z.string().min(1).default('text'),
    groupName: z.string().min(1).optional(),
    options: z.array(z.object({ label: z.string(), value: z.string() }).strict()).optional(),
    readOnly: z.boolean().optional(),
  })
  .strict();

export const portalUpdateSchema = z
  .object({
    tier: z.enum(TIERS).optional(),
    limitPacks: z.number().int().min(0).max(2).optional(),
    timeZone: z
      .string()
      .refine(isValidTimeZone, 'must be an IANA time-zone name such as Europe/Berlin')
      .optional(),
    accountType: z.enum(ACCOUNT_TYPES).optional(),
    companyCurrency: z.string().length(3).optional(),
    additionalCurrencies: z.array(z.string().length(3)).optional(),
    uiDomain: z.string().min(1).optional(),
    dataHostingLocation: z.string().min(1).optional(),
  })
  .strict();

export const portalSpecSchema = portalUpdateSchema
  .extend({
    portalId: z.number().int().positive(),
    tier: z.enum(TIERS).default('professional'),
    limits: limitOverridesSchema.optional(),
    contactProperties: z.array(contactPropertySpecSchema).optional(),
    tokens: z.array(tokenSpecSchema).optional(),
    contacts: contactsSpecSchema.optional(),
    lists: z.array(listSpecSchema).optional(),
  })
  .strict();

export const provisioningSchema = z
  .object({
    portals: z.array(portalSpecSchema).default([]),
    faults: z.array(faultRuleSchema).optional(),
    /** Seed of the generator that decides which calls faults hit. */
    seed: z.number().int().optional(),
  })
  .strict();

export const rotateTokenSchema = z
  .object({
    /** Invalidate the old token at once ("rotate and expire now"). */
    expireNow: z.boolean().default(false),
    /** How long the old token stays valid otherwise; HubSpot's "expire later" keeps it 7 days. */
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 60 * 60),
    newToken: z.string().regex(/^\S+$/).optional(),
  })
  .strict();

export const scopesSchema = z.object({ scopes: z.array(z.string().min(1)) }).strict();
export const deleteContactsSchema = z
  .object({ ids: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().positive()])).min(1) })
  .strict();
export const advanceClockSchema = z.object({ ms: z.number().int().min(0) }).strict();
export const resetSchema = z.object({ seed: z.number().int().optional() }).strict();

export type LimitOverridesInput = z.input<typeof limitOverridesSchema>;
export type TokenSpec = z.input<typeof tokenSpecSchema>;
export type ContactsSpec = z.input<typeof contactsSpecSchema>;
export type ListSpec = z.input<typeof listSpecSchema>;
export type PortalSpec = z.input<typeof portalSpecSchema>;
export type PortalUpdate = z.input<typeof portalUpdateSchema>;
export type Provisioning = z.input<typeof provisioningSchema>;
export type RotateTokenOptions = z.input<typeof rotateTokenSchema>;
