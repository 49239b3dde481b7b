import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { getContainerRuntimeClient } from 'testcontainers';

/**
 * Confluent Platform 8.1 ships Apache Kafka 4.1, the local stack's broker version; testcontainers'
 * KafkaContainer is built for Confluent's images and runs them in KRaft mode from 8.0 on.
 */
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';
export const MONGODB_IMAGE = 'mongo:7.0';

/** Returns true when testcontainers can reach a Docker engine. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Starts Kafka (KRaft) and MongoDB containers for one test run. */
export async function startContainers(): Promise<{
  kafkaBrokers: string[];
  mongoUri: string;
  stop: () => Promise<void>;
}> {
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer(KAFKA_IMAGE).start(),
    new MongoDBContainer(MONGODB_IMAGE).start(),
  ]);
  const kafkaBrokers = [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`];
  // directConnection: the container's replica set advertises an address only reachable inside Docker.
  const mongoUri = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/?directConnection=true`;
  return {
    kafkaBrokers,
    mongoUri,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
