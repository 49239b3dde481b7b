import { validationError, type HubSpotHttpError } from '../http/hubspot-errors.js';
import type { PropertyDefinition } from './contact-properties.js';

/** One invalid property value, in the shape HubSpot embeds in its 400 message. */
export interface PropertyValueError {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
  portalId: number;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH_MS = /^-?\d+$/;

export function isValidEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email);
}

function valueError(portalId: number, name: string, error: string, message: string): PropertyValueError {
  return { isValid: false, message, error, name, localizedErrorMessage: message, portalId };
}

/**
 * Checks property values against their definitions. Empty strings clear a value and are always
 * valid unless the property is read-only.
 */
export function findPropertyErrors(
  portalId: number,
  definitions: ReadonlyMap<string, PropertyDefinition>,
  properties: Readonly<Record<string, string>>,
): PropertyValueError[] {
  const errors: PropertyValueError[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const definition = definitions.get(name);
    if (definition === undefined) {
      errors.push(valueError(portalId, name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
      continue;
    }
    if (definition.modificationMetadata.readOnlyValue) {
      errors.push(
        valueError(
          portalId,
          name,
          'READ_ONLY_VALUE',
          `"${name}" is a read only property; its value cannot be set.`,
        ),
      );
      continue;
    }
    if (value === '') continue;
    const problem = checkValue(definition, value);
    if (problem !== undefined) errors.push(valueError(portalId, name, problem.code, problem.message));
  }
  return errors;
}

function checkValue(
  definition: PropertyDefinition,
  value: string,
): { code: string; message: string } | undefined {
  if (definition.name === 'email' && !isValidEmail(value)) {
    return { code: 'INVALID_EMAIL', message: `Email address ${value} is invalid` };
  }
  if (definition.type === 'enumeration') {
    const allowed = definition.options.map((item) => item.value);
    // Multi-select (checkbox) values are joined with semicolons.
    const values = definition.fieldType === 'checkbox' ? value.split(';') : [value];
    const invalid = values.find((item) => !allowed.includes(item));
    if (invalid !== undefined) {
      return {
        code: 'INVALID_OPTION',
        message: `${invalid} was not one of the allowed options: [${allowed.join(', ')}]`,
      };
    }
  }
  // NOTE: HubSpot documents no codes for number and date format errors; INVALID_LONG and
  // INVALID_DATE are the sandbox's choice.
  if (definition.type === 'number' && Number.isNaN(Number(value))) {
    return { code: 'INVALID_LONG', message: `${value} is not a valid number` };
  }
  if ((definition.type === 'date' || definition.type === 'datetime') && !isValidDateValue(value)) {
    return {
      code: 'INVALID_DATE',
      message: `${value} is not a valid date: use epoch milliseconds or YYYY-MM-DD`,
    };
  }
  return undefined;
}

function isValidDateValue(value: string): boolean {
  if (EPOCH_MS.test(value)) return true;
  if (ISO_DATE.test(value)) return !Number.isNaN(Date.parse(value));
  return !Number.isNaN(Date.parse(value)) && value.includes('T');
}

/** Builds the 400 HubSpot sends for invalid property values, with the errors as JSON in the message and in `errors[]`. */
export function propertyValidationError(errors: readonly PropertyValueError[]): HubSpotHttpError {
  return validationError(`Property values were not valid: ${JSON.stringify(errors)}`, {
    errors: errors.map((item) => ({
      message: item.message,
      code: item.error,
      context: { propertyName: [item.name] },
    })),
  });
}
