import { isDuplicateKeyError, type Activation, type StoreModels } from '@oniva-hubspot/store';

import { ApiError } from '../../errors.js';
import { isoOrUndefined } from '../../http/common-schemas.js';
import { findLiveConnection } from '../connections/connection-records.js';
import { announceChange } from '../shared/announce.js';
import type { RequestContext } from '../shared/context.js';

/** Target of an activation: a workspace (`eventId` null) or one event of it. */
export interface ActivationTarget {
  accountId: string;
  workspaceId: string;
  eventId: string | null;
}

/** An activation as the API returns it. */
export interface ActivationView {
  accountId: string;
  workspaceId: string;
  eventId?: string;
  level: 'workspace' | 'event';
  active: boolean;
  activatedAt: string;
  deactivatedAt?: string;
  /** Events only: whether the workspace is active too; records flow only when both are. */
  workspaceActive?: boolean;
}

/** Returns the activation of `target`, or null when it was never activated. */
export function findActivation(models: StoreModels, target: ActivationTarget) {
  return models.Activation.findOne({
    accountId: target.accountId,
    workspaceId: target.workspaceId,
    eventId: target.eventId,
  });
}

/** True when `target` is activated now. */
export async function isActive(models: StoreModels, target: ActivationTarget): Promise<boolean> {
  const activation = await findActivation(models, target);
  return activation !== null && activation.deactivatedAt === null;
}

/**
 * Activates a workspace or an event. An event needs its workspace to be active. Activating an
 * active target keeps its original activation time. Activating again after a deactivation sets a
 * new one, because records that occurred while it was off are not transferred.
 */
export async function activate(context: RequestContext, target: ActivationTarget): Promise<ActivationView> {
  const { models } = context.deps;
  await findLiveConnection(models, target.accountId);
  if (target.eventId !== null) {
    await requireActiveWorkspace(models, target);
  }

  const existing = await findActivation(models, target);
  if (existing !== null && existing.deactivatedAt === null) {
    return toView(existing, await workspaceState(models, target));
  }

  const now = context.deps.now();
  if (existing === null) {
    try {
      await models.Activation.create({
        ...target,
        level: levelOf(target),
        activatedAt: now,
        deactivatedAt: null,
      });
    } catch (error) {
      // A concurrent request activated the same target first, and its activation is kept.
      if (!isDuplicateKeyError(error)) throw error;
    }
  } else {
    await models.Activation.updateOne(
      { _id: existing._id, deactivatedAt: { $ne: null } },
      { $set: { activatedAt: now, deactivatedAt: null } },
    );
  }

  const activation = await findActivation(models, target);
  if (activation === null) {
    throw new Error(`Activation of ${describe(target)} not found right after it was written`);
  }
  context.log.info({ ...target, activatedAt: activation.activatedAt }, 'activated');
  await announceChange(context.deps.messaging, context.log, target.accountId, 'activation.changed');
  return toView(activation, await workspaceState(models, target));
}

/**
 * Deactivates a workspace or an event, so records stop flowing for it. A deactivated workspace
 * stops its events too, while their own activations stay unchanged.
 */
export async function deactivate(context: RequestContext, target: ActivationTarget): Promise<ActivationView> {
  const { models } = context.deps;
  await findLiveConnection(models, target.accountId);
  const existing = await findActivation(models, target);
  if (existing === null) {
    throw activationNotFound(target);
  }
  if (existing.deactivatedAt === null) {
    await models.Activation.updateOne(
      { _id: existing._id, deactivatedAt: null },
      { $set: { deactivatedAt: context.deps.now() } },
    );
    context.log.info({ ...target }, 'deactivated');
    await announceChange(context.deps.messaging, context.log, target.accountId, 'activation.changed');
  }
  const updated = (await findActivation(models, target)) ?? existing;
  return toView(updated, await workspaceState(models, target));
}

/** Reads one activation; 404 when the target was never activated. */
export async function readActivation(models: StoreModels, target: ActivationTarget): Promise<ActivationView> {
  const activation = await findActivation(models, target);
  if (activation === null) {
    throw activationNotFound(target);
  }
  return toView(activation, await workspaceState(models, target));
}

/** Lists an account's activations, optionally of one workspace, workspaces first. */
export async function listActivations(
  models: StoreModels,
  accountId: string,
  workspaceId: string | undefined,
): Promise<ActivationView[]> {
  const filter = workspaceId === undefined ? { accountId } : { accountId, workspaceId };
  const activations = await models.Activation.find(filter)
    .sort({ workspaceId: 1, level: -1, eventId: 1 })
    .limit(5000);
  const activeWorkspaces = new Set(
    activations
      .filter((activation) => activation.level === 'workspace' && activation.deactivatedAt === null)
      .map((activation) => activation.workspaceId),
  );
  return activations.map((activation) =>
    toView(
      activation,
      activation.level === 'event' ? activeWorkspaces.has(activation.workspaceId) : undefined,
    ),
  );
}

export function activationNotFound(target: ActivationTarget): ApiError {
  return new ApiError(
    'API_ACTIVATION_NOT_FOUND',
    `${capitalise(describe(target))} was never activated. Activate it with PUT …/${activationPath(target)}.`,
  );
}

async function requireActiveWorkspace(models: StoreModels, target: ActivationTarget): Promise<void> {
  if (await isActive(models, { ...target, eventId: null })) {
    return;
  }
  throw new ApiError(
    'API_WORKSPACE_NOT_ACTIVATED',
    `Event "${target.eventId}" cannot be activated because its workspace "${target.workspaceId}" is not activated. ` +
      `Activate the workspace first with PUT /v1/accounts/${target.accountId}/workspaces/${target.workspaceId}/activation.`,
  );
}

async function workspaceState(models: StoreModels, target: ActivationTarget): Promise<boolean | undefined> {
  return target.eventId === null ? undefined : isActive(models, { ...target, eventId: null });
}

function toView(activation: Activation, workspaceActive: boolean | undefined): ActivationView {
  return {
    accountId: activation.accountId,
    workspaceId: activation.workspaceId,
    ...(activation.eventId === null ? {} : { eventId: activation.eventId }),
    level: activation.level,
    active: activation.deactivatedAt === null,
    activatedAt: activation.activatedAt.toISOString(),
    ...(activation.deactivatedAt === null ? {} : { deactivatedAt: isoOrUndefined(activation.deactivatedAt) }),
    ...(workspaceActive === undefined ? {} : { workspaceActive }),
  };
}

function levelOf(target: ActivationTarget): 'workspace' | 'event' {
  return target.eventId === null ? 'workspace' : 'event';
}

function describe(target: ActivationTarget): string {
  return target.eventId === null
    ? `workspace "${target.workspaceId}"`
    : `event "${target.eventId}" of workspace "${target.workspaceId}"`;
}

function activationPath(target: ActivationTarget): string {
  return target.eventId === null
    ? `workspaces/${target.workspaceId}/activation`
    : `workspaces/${target.workspaceId}/events/${target.eventId}/activation`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
