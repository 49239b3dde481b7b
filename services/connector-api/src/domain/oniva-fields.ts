/**
 * Oniva fields that a HubSpot contact property can be mapped to. `email` is not in these lists:
 * every import reads it from HubSpot's `email` property, because Oniva identifies contacts and
 * accounts by email.
 *
 * NOTE: these lists follow the fields of Oniva's contact and account import dialogs as the
 * connector knows them; when Oniva adds a field, add it here and in the consumer of the import
 * topics.
 */
export const ONIVA_CONTACT_FIELDS = [
  'salutation',
  'title',
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'department',
  'phone',
  'mobilePhone',
  'street',
  'postalCode',
  'city',
  'country',
  'language',
  'website',
] as const;

/** Oniva fields of a user account that an account import can fill. */
export const ONIVA_ACCOUNT_FIELDS = [
  'salutation',
  'title',
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'department',
  'phone',
  'language',
] as const;

/** HubSpot property that every import reads as the contact's email. */
export const EMAIL_PROPERTY = 'email';
