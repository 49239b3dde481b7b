import { z } from 'zod';

import type { TopicContract } from './contracts.js';
import { ALL_CONTRACTS } from './contracts.js';

/** Prefix of the `$id` of every generated JSON Schema; the topic or schema file name follows. */
export const JSON_SCHEMA_ID_PREFIX = 'urn:oniva-hubspot:contracts:';

/** One generated JSON Schema file. */
export interface JsonSchemaFile {
  /** File name inside `libs/contracts/json-schema/`, e.g. `oniva.bookings.v1.schema.json`. */
  fileName: string;
  /** File content: the JSON Schema as JSON with two-space indentation and a final newline. */
  content: string;
}

/**
 * Generates the draft 2020-12 JSON Schema of one contract from its zod schema. The schema
 * describes the input side, so optional fields are optional and unknown fields are allowed.
 */
export function buildJsonSchema(contract: TopicContract): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(contract.schema, { target: 'draft-2020-12', io: 'input' });
  return {
    $schema,
    $id: `${JSON_SCHEMA_ID_PREFIX}${contract.schemaFile}`,
    title: contract.title,
    description: `${contract.description} Topic: ${contract.topic}. Key: ${contract.keyDescription}.`,
    ...body,
  };
}

/** Generates the JSON Schema file of every contract, in a stable order. */
export function buildJsonSchemaFiles(): JsonSchemaFile[] {
  return ALL_CONTRACTS.map((contract) => ({
    fileName: `${contract.schemaFile}.schema.json`,
    content: `${JSON.stringify(buildJsonSchema(contract), null, 2)}\n`,
  }));
}
