import type { Message, TopicMessages } from 'kafkajs';

import type { OutgoingRecord } from '../port.js';

/** Groups records by topic in the shape kafkajs `sendBatch` expects, keeping their order. */
export function toTopicMessages(records: readonly OutgoingRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    const message: Message = { key: record.key, value: record.value };
    if (record.headers !== undefined) {
      message.headers = { ...record.headers };
    }
    if (record.partition !== undefined) {
      message.partition = record.partition;
    }
    const messages = byTopic.get(record.topic) ?? [];
    messages.push(message);
    byTopic.set(record.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
