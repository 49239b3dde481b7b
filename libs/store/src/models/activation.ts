import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

export const ACTIVATION_LEVELS = ['workspace', 'event'] as const;
export type ActivationLevel = (typeof ACTIVATION_LEVELS)[number];

/**
 * Activation of the sync for an Oniva workspace, or for one event of it. Records that occurred
 * before `activatedAt` are not transferred.
 */
export interface Activation extends Timestamps {
  accountId: string;
  workspaceId: string;
  /** Event id for an event activation; null for a workspace activation. */
  eventId: string | null;
  level: ActivationLevel;
  activatedAt: Date;
  /** When the activation was switched off; null while active. */
  deactivatedAt: Date | null;
}

export const activationSchema = new Schema<Activation>(
  {
    accountId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    eventId: { type: String, default: null },
    level: { type: String, enum: ACTIVATION_LEVELS, required: true },
    activatedAt: { type: Date, required: true },
    deactivatedAt: { type: Date, default: null },
  },
  modelOptions('activations'),
);
// eventId is stored as an explicit null for workspace activations, so the unique index allows one
// workspace activation per workspace (a missing field would not be indexed the same way on every server).
activationSchema.index({ accountId: 1, workspaceId: 1, eventId: 1 }, { unique: true });

activationSchema.pre('validate', function checkLevel() {
  if (this.level === 'event' && this.eventId === null) {
    this.invalidate('eventId', 'An event activation needs an eventId');
  }
  if (this.level === 'workspace' && this.eventId !== null) {
    this.invalidate('eventId', `A workspace activation has eventId null, received "${this.eventId}"`);
  }
});

export type ActivationModel = Model<Activation>;

export function activationModel(connection: MongooseConnection): ActivationModel {
  return connection.model<Activation>('Activation', activationSchema);
}
