import { Schema } from 'mongoose';

/**
 * Options of every model schema: unknown paths are rejected (a write with a misspelt field throws
 * instead of dropping it silently), `createdAt` and `updatedAt` are kept, and there is no `__v`
 * because no model relies on mongoose's versioning.
 */
export function modelOptions(collection: string) {
  return { collection, strict: 'throw', strictQuery: true, timestamps: true, versionKey: false } as const;
}

/** `createdAt` and `updatedAt`, maintained by mongoose on every save and update. */
export interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

/** Position of a Kafka record. */
export interface KafkaSource {
  topic: string;
  partition: number;
  /** Offset as a decimal string, because Kafka offsets are 64-bit. */
  offset: string;
}

export const kafkaSourceSchema = new Schema<KafkaSource>(
  {
    topic: { type: String, required: true },
    partition: { type: Number, required: true, min: 0 },
    offset: { type: String, required: true, match: /^\d+$/ },
  },
  { _id: false, strict: 'throw' },
);

/** A failure kept for a person to read: a code from the error's package and its message. */
export interface StoredError {
  code: string;
  message: string;
}

export const storedErrorSchema = new Schema<StoredError>(
  {
    code: { type: String, required: true },
    message: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);
