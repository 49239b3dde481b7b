/**
 * Demo data and the end-to-end demo of the connector.
 *
 * @example
 * import { generateBookingStream } from '@oniva-hubspot/demo';
 * const stream = generateBookingStream({ accountId: 'acc-1', workspaceId: 'ws-1' });
 * // stream.events and stream.bookings go to Kafka; stream.expected is what HubSpot must show.
 */
export {
  generateBookingStream,
  type BookingStream,
  type BookingStreamOptions,
  type ExpectedParticipation,
  type ExpectedState,
} from './booking-stream.js';
