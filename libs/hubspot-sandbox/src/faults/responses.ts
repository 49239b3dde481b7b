import type { StatusEffect } from './rules.js';

const HTML_ERROR_PAGE = (status: number, title: string): string =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;

const TITLES: Record<number, string> = {
  423: 'Locked',
  477: 'Migration In Progress',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Default JSON bodies of injected errors. NOTE: HubSpot documents the meaning of 423 and 477
 * but not their bodies; these messages and categories are the sandbox's choice.
 */
const JSON_BODIES: Record<number, { message: string; category: string }> = {
  423: {
    message: 'The records are locked by concurrent writes. Wait at least 2 seconds before retrying.',
    category: 'LOCKED',
  },
  477: { message: 'The account is being migrated. Retry later.', category: 'MIGRATION_IN_PROGRESS' },
  500: { message: 'internal error', category: 'INTERNAL_ERROR' },
  502: { message: 'Bad Gateway', category: 'BAD_GATEWAY' },
  503: { message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' },
  504: { message: 'Gateway Timeout', category: 'GATEWAY_TIMEOUT' },
};

/** Returns the content type and payload an injected status fault sends. */
export function faultResponse(
  effect: StatusEffect,
  correlationId: string,
): { contentType: string; payload: string } {
  if (typeof effect.body === 'string') {
    return { contentType: effect.html ? 'text/html' : 'text/plain; charset=utf-8', payload: effect.body };
  }
  if (effect.html) {
    return {
      contentType: 'text/html',
      payload: HTML_ERROR_PAGE(effect.status, TITLES[effect.status] ?? 'Error'),
    };
  }
  const body = effect.body ?? {
    status: 'error',
    ...(JSON_BODIES[effect.status] ?? { message: `Error ${effect.status}`, category: 'ERROR' }),
    correlationId,
  };
  return { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}
