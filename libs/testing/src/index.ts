/**
 * Test helpers shared by every package's integration tests.
 *
 * @example
 * import { testServers, uniqueName } from '@oniva-hubspot/testing';
 * const { kafkaBrokers, mongoUri } = testServers();
 * const topic = uniqueName('bookings');
 */
export { testServers, uniqueName, uniqueDatabaseUri, type TestServers } from './servers.js';
