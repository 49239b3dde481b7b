import { LinkSinkError } from '../errors.js';
import { isUnknownObjectType } from '../failures/classify.js';
import type { ItemResult, WrittenLink } from '../ports.js';
import {
  parkIfConnectionFailed,
  settleAll,
  settleEach,
  type AccountRun,
  type AccountSession,
  type FailedCandidate,
} from './account-run.js';
import type { LinkCandidate } from './prepare-link.js';
import { linkStateOf, recordProperties } from './record-properties.js';

/** A link whose record is written, with the ids its association needs. */
export interface AssociationJob {
  candidate: LinkCandidate;
  objectId: string;
  contactId: string;
}

/**
 * Finds or creates each candidate's contact, upserts the link records by their unique property
 * and stores "record written, association pending" in the ledger before returning the
 * associations to create. Candidates that fail get their outcome here. When a contact fails, its
 * links' records are not written, so no record is left without its contact.
 */
export async function writeRecords(
  run: AccountRun,
  session: AccountSession,
  candidates: readonly LinkCandidate[],
): Promise<AssociationJob[]> {
  if (candidates.length === 0) {
    return [];
  }

  const contactIds = await upsertContacts(run, session, candidates);
  const ready = candidates.filter((candidate) => contactIds.has(candidate.email));
  if (ready.length === 0 || parkIfConnectionFailed(run, ready)) {
    return [];
  }

  let results: ItemResult<string>[];
  try {
    results = await session.api.upsertRecords(
      {
        objectTypeId: session.schema.objectTypeId,
        idProperty: session.schema.uniqueProperty,
        inputs: ready.map(({ link, email }) => ({
          id: link.linkId,
          properties: recordProperties(link, email),
        })),
      },
      run.signal,
    );
  } catch (error) {
    await settleAll(run, session.account, ready, error);
    return [];
  }

  const jobs: AssociationJob[] = [];
  const failed: FailedCandidate[] = [];
  for (const [position, candidate] of ready.entries()) {
    const result = results[position] ?? missingResult('record', candidate.link.linkId);
    if (result.ok) {
      jobs.push({ candidate, objectId: result.value, contactId: contactIds.get(candidate.email)! });
    } else {
      failed.push({ candidate, error: result.error });
    }
  }

  await run.deps.ledger.recordWritten(jobs.map(writtenLink));
  await settleEach(run, session.account, await replaceStaleSchemaErrors(run, session, failed));
  return jobs;
}

/** Upserts each distinct email once and returns the contact id of each email that succeeded. */
async function upsertContacts(
  run: AccountRun,
  session: AccountSession,
  candidates: readonly LinkCandidate[],
): Promise<Map<string, string>> {
  const contactIds = new Map<string, string>();
  if (parkIfConnectionFailed(run, candidates)) {
    return contactIds;
  }

  // HubSpot rejects a batch that names one email twice, so each email is sent once.
  const emails = [...new Set(candidates.map((candidate) => candidate.email))];
  let results: ItemResult<string>[];
  try {
    results = await session.api.upsertContacts(emails, run.signal);
  } catch (error) {
    await settleAll(run, session.account, candidates, error);
    return contactIds;
  }

  const errors = new Map<string, Error>();
  for (const [position, email] of emails.entries()) {
    const result = results[position] ?? missingResult('contact', email);
    if (result.ok) {
      contactIds.set(email, result.value);
    } else {
      errors.set(email, result.error);
    }
  }
  const failed = candidates.flatMap((candidate) => {
    const error = errors.get(candidate.email);
    return error === undefined ? [] : [{ candidate, error }];
  });
  await settleEach(run, session.account, failed);
  return contactIds;
}

/**
 * Turns "unknown object type" failures into retriable ones after dropping the cached schema: the
 * schema was deleted in HubSpot, and the retry finds or creates it again.
 */
async function replaceStaleSchemaErrors(
  run: AccountRun,
  session: AccountSession,
  failed: readonly FailedCandidate[],
): Promise<FailedCandidate[]> {
  const stale = failed.find(({ error }) => isUnknownObjectType(error));
  if (stale === undefined) {
    return [...failed];
  }

  await run.deps.schemas.forget(session.schema);
  const error = new LinkSinkError(
    'LINK_SINK_ERR_SCHEMA_STALE',
    `Custom object type ${session.schema.objectTypeId} no longer exists in portal ${session.schema.portalId}; ` +
      'the link is retried with the schema looked up again',
    {
      cause: stale.error,
      details: { portalId: session.schema.portalId, objectTypeId: session.schema.objectTypeId },
    },
  );
  return failed.map((entry) => (isUnknownObjectType(entry.error) ? { ...entry, error } : entry));
}

function writtenLink(job: AssociationJob): WrittenLink {
  const { link, key, occurredAt } = job.candidate;
  return {
    key,
    accountId: link.accountId,
    eventId: link.eventId,
    linkId: link.linkId,
    version: link.version,
    occurredAt,
    objectId: job.objectId,
    contactId: job.contactId,
    state: linkStateOf(link),
  };
}

/** Returns the failed result of an input that HubSpot returned no result for (`kind` is e.g. `record`). */
export function missingResult(kind: string, id: string): ItemResult<never> {
  return {
    ok: false,
    error: new LinkSinkError(
      'LINK_SINK_ERR_NO_RESULT',
      `HubSpot returned no ${kind} result for ${id}; the link is retried`,
    ),
  };
}
