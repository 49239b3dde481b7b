import { validationError } from '../http/hubspot-errors.js';
import type { PropertyDefinition } from './contact-properties.js';

export const PROPERTY_TYPES = [
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
  'phone_number',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** Maximum properties with `hasUniqueValue: true` on one object type, from HubSpot's schema guide. */
export const MAX_UNIQUE_PROPERTIES = 10;
/** Maximum properties with `searchableInGlobalSearch: true` on one object type. */
export const MAX_GLOBAL_SEARCH_PROPERTIES = 3;

/** Properties HubSpot adds to every custom object; HubSpot maintains their values. */
export const BUILT_IN_PROPERTIES = ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'] as const;

const PROPERTY_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** A property definition of a custom object type, in the shape schema responses list. */
export interface CustomObjectProperty extends PropertyDefinition {
  searchableInGlobalSearch: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Property fields accepted when a schema is created; the others get HubSpot's defaults. */
export interface PropertyInput {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName?: string;
  description?: string;
  options?: Array<{
    label: string;
    value: string;
    displayOrder?: number;
    hidden?: boolean;
    description?: string;
  }>;
  hasUniqueValue?: boolean;
  hidden?: boolean;
  formField?: boolean;
  displayOrder?: number;
  searchableInGlobalSearch?: boolean;
}

/**
 * Builds the property map of a new schema, built-in properties first. Throws 400
 * VALIDATION_ERROR for an invalid or repeated name, an enumeration without options, more than
 * 10 unique-value properties or more than 3 properties searchable in global search.
 */
export function buildProperties(
  inputs: readonly PropertyInput[],
  now: number,
): Map<string, CustomObjectProperty> {
  const properties = new Map<string, CustomObjectProperty>();
  for (const name of BUILT_IN_PROPERTIES) properties.set(name, builtInProperty(name, now));

  for (const [index, input] of inputs.entries()) {
    validatePropertyInput(input, properties);
    properties.set(input.name, {
      name: input.name,
      label: input.label,
      type: input.type,
      fieldType: input.fieldType,
      groupName: input.groupName ?? '',
      description: input.description ?? '',
      options: (input.options ?? []).map((option, optionIndex) => ({
        label: option.label,
        value: option.value,
        displayOrder: option.displayOrder ?? optionIndex,
        hidden: option.hidden ?? false,
        ...(option.description === undefined ? {} : { description: option.description }),
      })),
      hasUniqueValue: input.hasUniqueValue ?? false,
      hidden: input.hidden ?? false,
      formField: input.formField ?? false,
      calculated: false,
      externalOptions: false,
      hubspotDefined: false,
      displayOrder: input.displayOrder ?? index,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      searchableInGlobalSearch: input.searchableInGlobalSearch ?? false,
      createdAt: now,
      updatedAt: now,
    });
  }

  checkLimits(inputs);
  return properties;
}

/** Names of the properties whose values must be unique across the records of a type. */
export function uniquePropertyNames(properties: ReadonlyMap<string, CustomObjectProperty>): string[] {
  return [...properties.values()]
    .filter((property) => property.hasUniqueValue && !property.hubspotDefined)
    .map((property) => property.name);
}

function validatePropertyInput(
  input: PropertyInput,
  defined: ReadonlyMap<string, CustomObjectProperty>,
): void {
  if (!PROPERTY_NAME_PATTERN.test(input.name)) {
    throw validationError(
      `Invalid property name "${input.name}". A name must start with a lowercase letter and contain only lowercase letters, digits and underscores.`,
      { context: { propertyName: [input.name] } },
    );
  }
  if (defined.has(input.name)) {
    throw validationError(`Property "${input.name}" is defined twice or uses a name reserved by HubSpot.`, {
      context: { propertyName: [input.name] },
    });
  }
  if (input.type === 'enumeration' && (input.options ?? []).length === 0) {
    throw validationError(
      `Property "${input.name}" has type enumeration but no options. Add at least one option.`,
      {
        context: { propertyName: [input.name] },
      },
    );
  }
}

function checkLimits(inputs: readonly PropertyInput[]): void {
  const unique = inputs.filter((input) => input.hasUniqueValue === true).map((input) => input.name);
  if (unique.length > MAX_UNIQUE_PROPERTIES) {
    throw validationError(
      `An object type can have at most ${MAX_UNIQUE_PROPERTIES} properties with hasUniqueValue, but ${unique.length} were given.`,
      { context: { propertyName: unique } },
    );
  }

  const searchable = inputs
    .filter((input) => input.searchableInGlobalSearch === true)
    .map((input) => input.name);
  if (searchable.length > MAX_GLOBAL_SEARCH_PROPERTIES) {
    throw validationError(
      `An object type can have at most ${MAX_GLOBAL_SEARCH_PROPERTIES} properties with searchableInGlobalSearch, but ${searchable.length} were given.`,
      { context: { propertyName: searchable } },
    );
  }
}

function builtInProperty(name: (typeof BUILT_IN_PROPERTIES)[number], now: number): CustomObjectProperty {
  const isDate = name !== 'hs_object_id';
  const labels = {
    hs_object_id: 'Record ID',
    hs_createdate: 'Create date',
    hs_lastmodifieddate: 'Last modified date',
  };
  return {
    name,
    label: labels[name],
    type: isDate ? 'datetime' : 'number',
    fieldType: isDate ? 'date' : 'number',
    groupName: '',
    description: '',
    options: [],
    hasUniqueValue: name === 'hs_object_id',
    hidden: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    displayOrder: -1,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
    searchableInGlobalSearch: false,
    createdAt: now,
    updatedAt: now,
  };
}
