/**
 * The logging calls this package makes. A pino `Logger` satisfies it, so services pass their own
 * pino logger (or a child of it); the package itself does not depend on pino.
 */
export interface KafkaLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: Record<string, unknown>): KafkaLogger;
}

/** A logger that drops every entry. It is the default when no logger is given. */
export const silentLogger: KafkaLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
