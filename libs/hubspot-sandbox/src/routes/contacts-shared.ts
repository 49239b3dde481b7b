import { z } from 'zod';
import type { HubSpotHttpError } from '../http/hubspot-errors.js';
import { validationError } from '../http/hubspot-errors.js';
import { propertyValidationError } from '../state/property-validation.js';
import type { ContactStore } from '../state/contacts.js';

export const CONTACTS_READ = { anyOf: ['crm.objects.contacts.read'] } as const;
export const CONTACTS_WRITE = { anyOf: ['crm.objects.contacts.write'] } as const;

/** HubSpot caps batch inputs at 100 for CRM objects. */
export const MAX_BATCH_INPUTS = 100;

/** Property values are strings in HubSpot's API; numbers and booleans are accepted and converted. */
export const propertyValuesSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .transform((values) => {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) result[name] = value === null ? '' : String(value);
    return result;
  });

/**
 * Checks an `idProperty` used to look up contacts. Only `email` (and the record id) identify a
 * contact uniquely; other existing properties get the 400 HubSpot reports for non-unique ones.
 */
export function checkIdProperty(
  store: ContactStore,
  idProperty: string | undefined,
): HubSpotHttpError | undefined {
  if (idProperty === undefined || idProperty === 'hs_object_id' || idProperty === 'email') return undefined;
  if (store.propertyDefinition(idProperty) === undefined) {
    return propertyValidationError([
      {
        isValid: false,
        message: `Property "${idProperty}" does not exist`,
        error: 'PROPERTY_DOESNT_EXIST',
        name: idProperty,
        localizedErrorMessage: `Property "${idProperty}" does not exist`,
        portalId: store.portalId,
      },
    ]);
  }
  return validationError(`Unable to perform update/upsert by non-unique 0-1 property: ${idProperty}`);
}

/** Looks a contact up by record id or by the value of `idProperty`. */
export function findContact(store: ContactStore, id: string, idProperty: string | undefined) {
  return idProperty === 'email' ? store.findByEmail(id) : store.get(id);
}
