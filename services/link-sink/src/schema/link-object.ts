/**
 * The HubSpot custom object that stores personal event links: its properties, the schema the sink
 * creates when a portal has none, and the check of a schema that already exists.
 *
 * Each record carries the personal link and the ids needed to find it, nothing else: Oniva's help
 * page promises that only the personal link is transferred.
 */

/** Names of the properties the sink writes. */
export const LINK_PROPERTIES = Object.freeze({
  /** Oniva's link id; unique, so records are upserted by it. */
  linkId: 'oniva_link_id',
  /** The personal event link; empty once the link is revoked. */
  url: 'url',
  eventId: 'oniva_event_id',
  /** The contact's email as Oniva sent it, lower-cased. */
  contactEmail: 'contact_email',
});

/** Default schema name; the connector API checks for the same name when a connection is saved. */
export const DEFAULT_LINK_SCHEMA_NAME = 'oniva_event_link';

/** Object type of HubSpot contacts in association paths. */
export const CONTACTS_OBJECT_TYPE = 'contacts';

/** A schema as the sink needs it from HubSpot's schema list. */
export interface SchemaSummary {
  name: string;
  objectTypeId: string;
  fullyQualifiedName: string;
  properties: readonly { name: string; hasUniqueValue: boolean }[];
}

/** A property of the schema that the sink creates. */
export interface LinkPropertyDefinition {
  name: string;
  label: string;
  type: 'string';
  fieldType: 'text';
  hasUniqueValue: boolean;
  description: string;
}

/** The body of the schema create call (`ObjectSchemaEgg` in HubSpot's API). */
export interface LinkSchemaDefinition {
  name: string;
  labels: { singular: string; plural: string };
  description: string;
  properties: LinkPropertyDefinition[];
  requiredProperties: string[];
  searchableProperties: string[];
  primaryDisplayProperty: string;
  secondaryDisplayProperties: string[];
  associatedObjects: string[];
}

/**
 * Returns the schema the sink creates in a portal without one. Associating it with `CONTACT`
 * makes HubSpot create the USER_DEFINED association types in both directions.
 */
export function linkSchemaDefinition(name: string): LinkSchemaDefinition {
  const text = (
    property: string,
    label: string,
    description: string,
    hasUniqueValue = false,
  ): LinkPropertyDefinition => ({
    name: property,
    label,
    type: 'string',
    fieldType: 'text',
    hasUniqueValue,
    description,
  });

  return {
    name,
    labels: { singular: 'Oniva event link', plural: 'Oniva event links' },
    description: 'Personal event links generated in Oniva, one record per link, associated with its contact.',
    properties: [
      text(LINK_PROPERTIES.linkId, 'Oniva link ID', 'Id of the personal link in Oniva.', true),
      text(
        LINK_PROPERTIES.url,
        'Personal event link',
        'The contact’s personal link; empty once revoked in Oniva.',
      ),
      text(LINK_PROPERTIES.eventId, 'Oniva event ID', 'Id of the Oniva event the link belongs to.'),
      text(LINK_PROPERTIES.contactEmail, 'Contact email', 'Email of the contact the link was generated for.'),
    ],
    requiredProperties: [LINK_PROPERTIES.linkId],
    searchableProperties: [LINK_PROPERTIES.linkId, LINK_PROPERTIES.eventId, LINK_PROPERTIES.contactEmail],
    primaryDisplayProperty: LINK_PROPERTIES.linkId,
    secondaryDisplayProperties: [LINK_PROPERTIES.url, LINK_PROPERTIES.contactEmail],
    associatedObjects: ['CONTACT'],
  };
}

/**
 * Returns what keeps an existing schema from holding links: every property the sink writes must
 * exist, and the link id property must have unique values, or upserts by it are rejected.
 * An empty list means the schema is usable.
 */
export function schemaProblems(schema: SchemaSummary): string[] {
  const byName = new Map(schema.properties.map((property) => [property.name, property]));
  const problems: string[] = [];
  for (const name of Object.values(LINK_PROPERTIES)) {
    if (!byName.has(name)) {
      problems.push(`property "${name}" is missing`);
    }
  }
  const linkId = byName.get(LINK_PROPERTIES.linkId);
  if (linkId !== undefined && !linkId.hasUniqueValue) {
    problems.push(`property "${LINK_PROPERTIES.linkId}" does not have unique values (hasUniqueValue)`);
  }
  return problems;
}
