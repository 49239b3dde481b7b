/**
 * Typed, validated and frozen service configuration from environment variables.
 *
 * @example
 * import { loadConfig, sharedServiceEnv, positiveInt } from '@oniva-hubspot/config';
 *
 * const schema = sharedServiceEnv.extend({ BATCH_SIZE: positiveInt.default(100) });
 * const { config, warnings } = loadConfig(schema); // throws ConfigError naming each bad variable
 * for (const warning of warnings) logger.warn({ warning }, 'unknown environment variable');
 * config.KAFKA_BROKERS; // readonly string[]
 */
export { loadConfig, PROJECT_ENV_PREFIX, type LoadedConfig } from './load-config.js';
export { ConfigError, type ConfigErrorCode } from './errors.js';
export { deepFreeze, type DeepReadonly } from './freeze.js';
export { isSecretName } from './problems.js';
export {
  booleanFlag,
  DEFAULT_HUBSPOT_BASE_PATH,
  durationMs,
  hubspotBasePath,
  kafkaBrokers,
  LOG_LEVELS,
  logLevel,
  mongoUri,
  port,
  positiveInt,
  type LogLevel,
} from './fields.js';
export {
  requireActiveTokenKey,
  TOKEN_KEY_BYTES,
  tokenEncryptionActiveKeyId,
  tokenEncryptionEnv,
  tokenEncryptionEnvShape,
  tokenEncryptionKeys,
  type TokenEncryptionKeys,
} from './token-keys.js';
export { sharedServiceEnv, type SharedServiceEnv } from './shared-env.js';
