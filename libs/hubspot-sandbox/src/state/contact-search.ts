import type { ContactRecord } from './contacts.js';

export const FILTER_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string;
  values?: string[];
  highValue?: string;
}

/** Properties the free-text `query` matches, as HubSpot's default searchable contact properties. */
const QUERY_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'company'] as const;

/** Returns a property's value for filtering, including the computed `hs_object_id` and dates (epoch ms). */
export function searchValue(record: ContactRecord, propertyName: string): string | undefined {
  if (propertyName === 'hs_object_id') return record.id;
  if (propertyName === 'createdate') return String(record.createdAt);
  if (propertyName === 'lastmodifieddate') return String(record.updatedAt);
  return record.properties[propertyName];
}

/** Compares as numbers (epoch ms for ISO dates) when both sides are numeric, else as strings. */
function compare(left: string, right: string): number {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a !== undefined && b !== undefined) return a - b;
  return left.toLowerCase() < right.toLowerCase() ? -1 : left.toLowerCase() > right.toLowerCase() ? 1 : 0;
}

function toNumber(value: string): number | undefined {
  if (value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

/** Token match: words split on non-alphanumerics; `*` in the filter value is a wildcard. */
function containsToken(value: string, token: string): boolean {
  const pattern = new RegExp(
    `^${token
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  const lower = value.toLowerCase();
  return pattern.test(lower) || lower.split(/[^a-z0-9]+/).some((word) => pattern.test(word));
}

export function matchesFilter(record: ContactRecord, filter: SearchFilter): boolean {
  const value = searchValue(record, filter.propertyName);
  const expected = filter.value ?? '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return value !== undefined && value !== '';
    case 'NOT_HAS_PROPERTY':
      return value === undefined || value === '';
    case 'NEQ':
      return value === undefined || compare(value, expected) !== 0;
    case 'NOT_IN':
      return value === undefined || !(filter.values ?? []).some((item) => compare(value, item) === 0);
    case 'NOT_CONTAINS_TOKEN':
      return value === undefined || !containsToken(value, expected);
    default:
      break;
  }
  if (value === undefined) return false;
  switch (filter.operator) {
    case 'EQ':
      return compare(value, expected) === 0;
    case 'LT':
      return compare(value, expected) < 0;
    case 'LTE':
      return compare(value, expected) <= 0;
    case 'GT':
      return compare(value, expected) > 0;
    case 'GTE':
      return compare(value, expected) >= 0;
    case 'BETWEEN':
      return compare(value, expected) >= 0 && compare(value, filter.highValue ?? expected) <= 0;
    case 'IN':
      return (filter.values ?? []).some((item) => compare(value, item) === 0);
    case 'CONTAINS_TOKEN':
      return containsToken(value, expected);
    default:
      return false;
  }
}

/** Filter groups are ORed, filters inside a group ANDed; `query` must also match when given. */
export function matchesSearch(
  record: ContactRecord,
  groups: ReadonlyArray<ReadonlyArray<SearchFilter>>,
  query?: string,
): boolean {
  if (query !== undefined && query.trim() !== '') {
    const needle = query.trim().toLowerCase();
    const hit = QUERY_PROPERTIES.some((name) => record.properties[name]?.toLowerCase().includes(needle));
    if (!hit) return false;
  }
  if (groups.length === 0) return true;
  return groups.some((filters) => filters.every((filter) => matchesFilter(record, filter)));
}
