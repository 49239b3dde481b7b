import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

/** The custom object schema that stores personal event links in one HubSpot portal. */
export interface CustomObjectSchema extends Timestamps {
  /** HubSpot portal; one schema per portal. */
  portalId: number;
  /** HubSpot object type id, e.g. `2-1234567`. */
  objectTypeId: string;
  /** Fully qualified name, e.g. `p1234567_oniva_event_link`. */
  fullyQualifiedName: string;
  /** Schema name, e.g. `oniva_event_link`. */
  name: string;
  /** Property with unique values that records are upserted by, e.g. `link_id`. */
  uniqueProperty: string;
  /** Association type ids between the custom object and contacts, one per direction. */
  associationTypeIds: {
    toContact: number;
    fromContact: number;
  };
}

export const customObjectSchemaSchema = new Schema<CustomObjectSchema>(
  {
    portalId: { type: Number, required: true },
    objectTypeId: { type: String, required: true },
    fullyQualifiedName: { type: String, required: true },
    name: { type: String, required: true },
    uniqueProperty: { type: String, required: true },
    associationTypeIds: {
      toContact: { type: Number, required: true },
      fromContact: { type: Number, required: true },
    },
  },
  modelOptions('custom_object_schemas'),
);
customObjectSchemaSchema.index({ portalId: 1 }, { unique: true });

export type CustomObjectSchemaModel = Model<CustomObjectSchema>;

export function customObjectSchemaModel(connection: MongooseConnection): CustomObjectSchemaModel {
  return connection.model<CustomObjectSchema>('CustomObjectSchema', customObjectSchemaSchema);
}
