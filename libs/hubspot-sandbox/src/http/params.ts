import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validationError } from './hubspot-errors.js';

type Query = Record<string, unknown>;

function rawValues(query: unknown, name: string): string[] {
  const value = (query as Query | undefined)?.[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Values of an array query parameter. Accepts the repeated form the SDK sends
 * (`?ids=1&ids=2`) and the comma-separated form HubSpot documents (`?ids=1,2`).
 */
export function queryList(request: FastifyRequest, name: string): string[] {
  return rawValues(request.query, name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The first value of a query parameter, or undefined. */
export function queryString(request: FastifyRequest, name: string): string | undefined {
  return rawValues(request.query, name)[0];
}

export interface IntegerParamOptions {
  defaultValue: number;
  min?: number;
  max?: number;
}

/** An integer query parameter; 400 when it is not an integer or outside `min`..`max`. */
export function queryInteger(request: FastifyRequest, name: string, options: IntegerParamOptions): number {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return options.defaultValue;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationError(`${name}=${raw} is invalid: expected an integer.`);
  if (options.min !== undefined && value < options.min) {
    throw validationError(`${name}=${raw} is invalid: the minimum is ${options.min}.`);
  }
  if (options.max !== undefined && value > options.max) {
    throw validationError(`${name}=${raw} is invalid: the maximum is ${options.max}.`);
  }
  return value;
}

/** A boolean query parameter (`true`/`false`); anything else is the default. */
export function queryBoolean(request: FastifyRequest, name: string, defaultValue: boolean): boolean {
  const raw = queryString(request, name)?.toLowerCase();
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return defaultValue;
}

/** Parses a request body with `schema`; 400 VALIDATION_ERROR naming the first invalid fields. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
  throw validationError(`Invalid input JSON: ${details}`);
}
