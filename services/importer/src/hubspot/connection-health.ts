import type { ConnectionModel } from '@oniva-hubspot/store';

import type { ConnectionDiagnosis } from '../run/failure.js';

/**
 * Marks the account's connection unhealthy with `diagnosis`, so the connector API shows it and the
 * sinks park the account's records. Only the token that failed is marked: when a person saved a
 * new token meanwhile, its fingerprint differs and the update matches nothing. Returns true when
 * the connection was marked.
 */
export async function markConnectionUnhealthy(
  Connection: ConnectionModel,
  target: { accountId: string; tokenFingerprint: string | undefined },
  diagnosis: ConnectionDiagnosis,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await Connection.updateOne(
    { accountId: target.accountId, tokenFingerprint: target.tokenFingerprint ?? null, deletedAt: null },
    {
      $set: {
        health: {
          state: 'unhealthy',
          code: diagnosis.code,
          message: diagnosis.problem,
          fix: diagnosis.fix,
          since: now,
          checkedAt: now,
        },
        lastError: { code: diagnosis.code, message: diagnosis.problem, at: now },
      },
    },
  );
  return result.matchedCount > 0;
}
