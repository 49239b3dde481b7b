import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { testServers, uniqueDatabaseUri, uniqueName } from '../src/index.js';

describe('integration servers', () => {
  it('broker accepts a new topic and reports its partitions', async () => {
    const kafka = new Kafka({ brokers: testServers().kafkaBrokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = uniqueName('harness');
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(2);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  });

  it('database server answers a ping on a fresh database', async () => {
    const connection = await mongoose.createConnection(uniqueDatabaseUri('harness')).asPromise();
    try {
      const reply = await connection.db!.admin().ping();
      expect(reply.ok).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('uniqueName returns distinct topic-safe names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('a b.c')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,60}$/);
  });
});
