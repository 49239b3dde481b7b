import { z } from 'zod';
import type { RouteModule } from '../context.js';
import { validationError } from '../http/hubspot-errors.js';
import { parseBody } from '../http/params.js';
import { FILTER_OPERATORS, matchesSearch, searchValue, type SearchFilter } from '../state/contact-search.js';
import type { ContactRecord, ContactStore } from '../state/contacts.js';
import { contactJson, readProperties } from './contact-json.js';
import { CONTACTS_READ } from './contacts-shared.js';

/**
 * NOTE: HubSpot documents its caps on filter groups inconsistently: 5 groups of 6 filters with 18
 * in total, 6 groups, or 3 groups of 3. The sandbox enforces the first.
 */
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
/** A search query can page through at most 10,000 results. */
const MAX_RESULTS = 10_000;

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(FILTER_OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  values: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  highValue: z.union([z.string(), z.number()]).transform(String).optional(),
});

const sortSchema = z.union([
  z.string().min(1),
  z.object({
    propertyName: z.string().min(1),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);

const searchBody = z.object({
  query: z.string().optional(),
  limit: z.number().int().min(1).max(200, 'limit must be at most 200').default(10),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
  sorts: z.array(sortSchema).max(1, 'only one sort is supported').optional(),
  properties: z.array(z.string()).optional(),
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
});

type SearchBody = z.infer<typeof searchBody>;

function checkCaps(body: SearchBody): void {
  const total = body.filterGroups.reduce((sum, group) => sum + group.filters.length, 0);
  if (
    body.filterGroups.length > MAX_GROUPS ||
    total > MAX_FILTERS ||
    body.filterGroups.some((group) => group.filters.length > MAX_FILTERS_PER_GROUP)
  ) {
    throw validationError(
      `Too many filters: at most ${MAX_GROUPS} filterGroups with ${MAX_FILTERS_PER_GROUP} filters each and ${MAX_FILTERS} filters in total are allowed.`,
    );
  }
}

/** Candidates from the email index when every group pins `email` with EQ or IN; otherwise undefined (full scan). */
function indexedCandidates(store: ContactStore, groups: SearchFilter[][]): ContactRecord[] | undefined {
  if (groups.length === 0) return undefined;
  const emails: string[] = [];
  for (const filters of groups) {
    const pin = filters.find(
      (filter) => filter.propertyName === 'email' && (filter.operator === 'EQ' || filter.operator === 'IN'),
    );
    if (pin === undefined) return undefined;
    emails.push(...(pin.operator === 'EQ' ? [pin.value ?? ''] : (pin.values ?? [])));
  }
  const byId = new Map<string, ContactRecord>();
  for (const email of emails) {
    const record = store.findByEmail(email);
    if (record !== undefined) byId.set(record.id, record);
  }
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * `POST /crm/v3/objects/contacts/search`: counted against the per-second search limit and sent
 * without rate-limit headers. Results are sorted by record id unless `sorts` names a property.
 */
export const contactSearchRoutes: RouteModule = (app, ctx) => {
  app.post('/crm/v3/objects/contacts/search', { config: { hubspotRateLimit: 'search' } }, async (request) => {
    const { portalId } = ctx.requireAuth(request, CONTACTS_READ);
    const store = ctx.contacts(portalId);
    const body = parseBody(searchBody, request.body ?? {});
    checkCaps(body);
    const offset = body.after === undefined ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) {
      throw validationError(`after=${body.after} is not a valid paging cursor; pass back paging.next.after.`);
    }
    if (offset + body.limit > MAX_RESULTS) {
      throw validationError(`A search can page through at most ${MAX_RESULTS} results; narrow the filters.`);
    }

    const groups = body.filterGroups.map((group) => group.filters as SearchFilter[]);
    const candidates = indexedCandidates(store, groups) ?? store.scan();
    const matches: ContactRecord[] = [];
    for (const record of candidates) {
      if (matchesSearch(record, groups, body.query)) matches.push(record);
    }
    sortMatches(matches, body.sorts?.[0]);

    const page = matches.slice(offset, offset + body.limit);
    const properties = readProperties(body.properties);
    const nextOffset = offset + page.length;
    return {
      total: matches.length,
      results: page.map((record) => contactJson(store, record, { properties })),
      ...(nextOffset < matches.length && nextOffset < MAX_RESULTS
        ? { paging: { next: { after: String(nextOffset) } } }
        : {}),
    };
  });
};

function sortMatches(matches: ContactRecord[], sort: z.infer<typeof sortSchema> | undefined): void {
  if (sort === undefined) return;
  const propertyName = typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
  const descending = typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING';
  matches.sort((a, b) => {
    const left = searchValue(a, propertyName) ?? '';
    const right = searchValue(b, propertyName) ?? '';
    const numeric =
      left !== '' && right !== '' && !Number.isNaN(Number(left)) && !Number.isNaN(Number(right));
    const order = numeric ? Number(left) - Number(right) : left.localeCompare(right);
    return descending ? -order : order;
  });
}
