import type { KafkaClient, OutgoingRecord, TransactionalProducer } from '@oniva-hubspot/kafka';

/**
 * Transactional producer of one import run, with a transactional id derived from the import id.
 * A process that takes the run over therefore fences the previous holder's producer. Once the new
 * holder connects, the old producer can no longer commit a page, and its open transaction is aborted.
 */
export class RunProducer {
  private readonly producer: TransactionalProducer;
  private connected = false;

  constructor(client: KafkaClient, options: { transactionalIdPrefix: string; importId: string }) {
    this.producer = client.transactionalProducer({
      transactionalId: `${options.transactionalIdPrefix}.import.${options.importId}`,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  /** Produces `records` in one transaction: consumers reading committed records see all or none. */
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    const transaction = await this.producer.begin();
    try {
      await transaction.send(records);
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
