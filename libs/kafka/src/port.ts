/**
 * The Kafka port: the small set of client operations the runtime needs. The runtime and the
 * services depend only on these interfaces, so the client library behind them (kafkajs 2.2.4 today,
 * see `./kafkajs/`) can be replaced without touching them.
 */

/** A topic and one of its partitions. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A position in a partition. Offsets are decimal strings because Kafka offsets are 64-bit. */
export interface TopicPartitionOffset extends TopicPartition {
  offset: string;
}

/**
 * Record headers decoded as UTF-8. When a header key repeats, the last value is kept; binary header
 * values that are not valid UTF-8 are not preserved byte for byte.
 */
export type RecordHeaders = Readonly<Record<string, string>>;

/** A record read from Kafka. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Offset as a decimal string. */
  offset: string;
  key: Buffer | null;
  /** Value bytes; null for a tombstone. */
  value: Buffer | null;
  headers: RecordHeaders;
  /** Record timestamp in milliseconds since the Unix epoch. */
  timestamp: number;
}

/** Records fetched from one partition in one fetch, in offset order. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  /** Offset of the next record the broker will write to the partition, as a decimal string. */
  highWatermark: string;
  records: readonly ConsumedRecord[];
}

/** A record to produce. Without `partition`, the client's default partitioner hashes the key. */
export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Readonly<Record<string, string>>;
  partition?: number;
}

/** Partition count and topic-level configs of a topic to create. */
export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Replication factor; defaults to the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Topic-level configs such as `retention.ms` or `cleanup.policy`. */
  config?: Readonly<Record<string, string>>;
}

/** Administrative operations. */
export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Creates every topic in `topics` that does not exist yet and leaves existing ones unchanged, so
   * calling it again with the same input is harmless. Returns the names of the created topics.
   */
  ensureTopics(topics: readonly TopicSpec[]): Promise<string[]>;
  /** Returns the partition count of each existing topic in `topics`; missing topics are left out. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  /** Returns the committed offset of every partition of `topic` for `groupId` (-1 when none). */
  committedOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]>;
  deleteTopics(topics: readonly string[]): Promise<void>;
}

/**
 * An idempotent producer (`acks` -1, one request in flight). `send` resolves only after every
 * record is acknowledged by all in-sync replicas. After a fatal producer error, such as an
 * out-of-order sequence number, the client is replaced and `send` rejects, so the caller may send
 * the same records again.
 */
export interface KafkaProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(records: readonly OutgoingRecord[]): Promise<void>;
}

/** One open Kafka transaction. Exactly one of `commit` and `abort` ends it. */
export interface KafkaTransaction {
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** Adds the consumer group's next offsets (last processed offset + 1) to the transaction. */
  sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * A transactional producer. Only one transaction is open at a time: `begin` waits until the
 * previous transaction has ended. A transaction that fails replaces the underlying client before
 * the next `begin`, because kafkajs cannot recover a producer after some transaction errors.
 */
export interface TransactionalProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  begin(): Promise<KafkaTransaction>;
}

/** Controls the runtime has over the batch being processed. */
export interface BatchControl {
  /**
   * Sends a heartbeat to the group coordinator when the heartbeat interval has passed. Rejects with
   * a `KafkaError` of code `KAFKA_ERR_REBALANCE` when the group is rebalancing or this
   * member was removed, after which `isStale()` returns true.
   */
  heartbeat(): Promise<void>;
  /** Returns false once the consumer is stopping. */
  isRunning(): boolean;
  /**
   * Returns true when the batch must not be committed: a seek is pending for its partition, or a
   * heartbeat during the batch reported a rebalance or the loss of group membership.
   */
  isStale(): boolean;
  /** Marks `offset` as processed so the next fetch of this partition starts after it. Commits nothing. */
  resolveOffset(offset: string): void;
}

/** Batch handler given to `KafkaConsumer.run`. It should not throw, except to rethrow a rebalance. */
export type BatchListener = (batch: ConsumedBatch, control: BatchControl) => Promise<void>;

/** Crash report of a consumer: the error, and whether the client restarts the consumer. */
export interface ConsumerCrash {
  error: Error;
  /** True when the client restarts the consumer by itself. */
  restarting: boolean;
}

/** Options of `KafkaConsumer.run`. */
export interface ConsumerRunOptions {
  eachBatch: BatchListener;
  /** Batches of different partitions processed at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

/**
 * A consumer group member that reads committed records only (`read_committed`) and never commits
 * offsets by itself: offsets are committed through `KafkaTransaction.sendOffsets`.
 */
export interface KafkaConsumer {
  readonly groupId: string;
  connect(): Promise<void>;
  subscribe(topics: readonly string[]): Promise<void>;
  /** Starts fetching in the background and resolves once the consumer has started. */
  run(options: ConsumerRunOptions): Promise<void>;
  /** Stops fetching; the batch in progress finishes first. */
  stop(): Promise<void>;
  disconnect(): Promise<void>;
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  /** Moves the next fetch position of a partition; takes effect at the next fetch and commits nothing. */
  seek(position: TopicPartitionOffset): void;
  /** Registers a listener for consumer crashes; returns a function that removes it. */
  onCrash(listener: (crash: ConsumerCrash) => void): () => void;
  /**
   * Registers a listener called each time this member joins the group, with its new assignment;
   * returns a function that removes it.
   */
  onGroupJoin(listener: (assignment: readonly TopicPartition[]) => void): () => void;
}

/** Options of `KafkaClient.consumer`. */
export interface ConsumerOptions {
  groupId: string;
  /** Default 30 000 ms. */
  sessionTimeoutMs?: number;
  /** Default 3 000 ms; must stay well below the session timeout. */
  heartbeatIntervalMs?: number;
  /** Time the broker waits for new records when a fetch finds none. Default 500 ms. */
  maxWaitTimeMs?: number;
  /** Max bytes fetched per partition in one fetch. Default 1 MiB. */
  maxBytesPerPartition?: number;
  /**
   * Decides whether the client restarts the consumer after a crash. Without it the client restarts
   * after every retriable crash.
   */
  restartOnFailure?: (error: Error) => Promise<boolean>;
}

/** Options of `KafkaClient.transactionalProducer`. */
export interface TransactionalProducerOptions {
  /**
   * Transactional id, unique among running processes. A restarted process that reuses its
   * predecessor's id aborts the predecessor's open transaction at once, instead of after the
   * transaction timeout.
   */
  transactionalId: string;
  /** Max time a transaction may stay open before the broker aborts it. Default 30 000 ms. */
  transactionTimeoutMs?: number;
}

/** Factory for the port's clients, bound to one cluster. */
export interface KafkaClient {
  admin(): KafkaAdmin;
  producer(): KafkaProducer;
  transactionalProducer(options: TransactionalProducerOptions): TransactionalProducer;
  consumer(options: ConsumerOptions): KafkaConsumer;
}
