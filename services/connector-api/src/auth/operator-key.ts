import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented value with the operator key in constant time. Both sides are hashed first,
 * so the comparison takes the same time whatever their lengths.
 */
export function operatorKeyMatches(presented: string, operatorKey: string): boolean {
  const left = createHash('sha256').update(presented, 'utf8').digest();
  const right = createHash('sha256').update(operatorKey, 'utf8').digest();
  return timingSafeEqual(left, right);
}
