import { loadConfig, sharedServiceEnv, tokenEncryptionEnvShape, requireActiveTokenKey } from '@oniva-hubspot/config';
import { TOPICS } from '@oniva-hubspot/contracts';
import { z } from 'zod';

/** Environment of the link sink: the shared service variables plus its source topic. */
export const linkSinkEnv = sharedServiceEnv
  .extend({
    ...tokenEncryptionEnvShape,
    KAFKA_CLIENT_ID: sharedServiceEnv.shape.KAFKA_CLIENT_ID.default('link-sink'),
    LINKS_TOPIC: z.string().min(1).default(TOPICS.links),
    CONSUMER_GROUP: z.string().min(1).default('link-sink'),
  })
  .superRefine(requireActiveTokenKey);

export type LinkSinkConfig = z.output<typeof linkSinkEnv>;

/** Parses the environment; throws a ConfigError that names every invalid variable. */
export function loadLinkSinkConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(linkSinkEnv, env);
}
