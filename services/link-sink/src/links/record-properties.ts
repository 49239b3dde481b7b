import type { LinkRecord } from '@oniva-hubspot/contracts';

import type { LinkState } from '../ports.js';
import { LINK_PROPERTIES } from '../schema/link-object.js';

/** Returns the record state that a link record writes. */
export function linkStateOf(link: LinkRecord): LinkState {
  return link.type === 'link.revoked' ? 'revoked' : 'generated';
}

/**
 * Returns the properties of a link's custom object record, without the unique link id, which the
 * upsert sets from the input id.
 *
 * A revoked link keeps its record and its association, with `url` cleared (HubSpot clears a
 * property set to ""). Emails that insert the link then show no dead link, lists and workflows
 * can filter on "url is unknown", and a later `link.generated` of the same link fills it again.
 */
export function recordProperties(link: LinkRecord, email: string): Record<string, string> {
  return {
    [LINK_PROPERTIES.url]: linkStateOf(link) === 'revoked' ? '' : link.url,
    [LINK_PROPERTIES.eventId]: link.eventId,
    [LINK_PROPERTIES.contactEmail]: email,
  };
}
