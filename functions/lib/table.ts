// The case table's description: keys, time to live and global secondary indexes. It lives here, not
// in infra/, because the functions' item model (items.ts) queries these indexes by name and may not
// import infra (the layer rule); infra/topology.ts re-exports it, and both runtimes build the table
// from it — one declaration, read by the code that writes the items and by the code that builds the
// table.
//
// Projections are chosen by what each index's query needs, because every projected attribute that
// changes costs an index write: KEYS_ONLY where the reader fetches the case anyway, INCLUDE with the
// few attributes a FilterExpression needs, ALL only where an item stays briefly (the work queue).

export interface IndexSpec {
  /** Index name, used by the item model's queries. */
  name: string;
  partitionKey: string;
  sortKey: string;
  /** ALL copies the whole item; KEYS_ONLY answers keys only (then GetItem); INCLUDE adds `include`. */
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** With INCLUDE: the non-key attributes copied into the index. */
  include?: readonly string[];
}

/** Top-level copies of the case attributes a list may filter on (projected into `allCases`). */
export const LIST_ATTRIBUTES = ['status', 'path', 'ownerSub', 'countyCode', 'respondentCode', 'transferredTo'] as const;

export const table = {
  /** Logical id in CDK (never rename: it would replace the table) and base of the local table name. */
  id: 'Cases',
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * The table's stream: each new or changed item's new image, for 24 hours. The notices are decided
   * from the timeline events on it (functions/plan-notices), outside the transactions that write them.
   */
  stream: 'NEW_IMAGE',
  /** Epoch seconds after which DynamoDB deletes an item (idempotency records). */
  timeToLiveAttribute: 'expiresAt',
  /** Sparse global secondary indexes: an item is in an index only while it carries the index's keys. */
  indexes: [
    // A path's work queue: queued cases, highest priority first, then earliest deadline. ALL: a case
    // is here only between queueing and claim, so its copy is rarely rewritten, and the list needs no
    // second read of the case item.
    { name: 'workQueue', partitionKey: 'wqPk', sortKey: 'wqSk', projection: 'ALL' },
    // A rights holder's own cases, newest last (few per owner: the list reads the case items).
    { name: 'byOwner', partitionKey: 'ownerPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    // The cases a respondent user joined (SPEC §10): set once, at joining, so it costs one index write per case.
    { name: 'byParty', partitionKey: 'partyPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    // A respondent's cases by unified social credit code (credit-system view, repeat respondents).
    // `resolvedAgainst` is set once, when a case is resolved against the respondent: triage counts it.
    { name: 'byRespondent', partitionKey: 'respondentPk', sortKey: 'createdAt', projection: 'INCLUDE', include: ['resolvedAgainst'] },
    // Open cases with the same complainant, right number and respondent (duplicate detection).
    { name: 'byDuplicateKey', partitionKey: 'dupPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    // The cases an agency's officers work (SPEC §12): adjudication (market regulation) and the agency's
    // enforcement cases. Written when a case enters or leaves those paths: one index write each.
    { name: 'byAgency', partitionKey: 'agencyPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    // Running clocks not yet flagged overdue, by due time: the sweep, and the statistics' overdue count.
    { name: 'byDeadline', partitionKey: 'duePk', sortKey: 'dueAt', projection: 'KEYS_ONLY' },
    // Complaints accepted but not yet routed: the outbox the reconciler re-drives.
    { name: 'unrouted', partitionKey: 'outboxPk', sortKey: 'createdAt', projection: 'KEYS_ONLY' },
    // Every case in one partition (city scale), newest last: the shared-status lists (GET /cases) of
    // the read-all roles and the police, filtered on the projected list attributes.
    { name: 'allCases', partitionKey: 'allPk', sortKey: 'createdAt', projection: 'INCLUDE', include: LIST_ATTRIBUTES },
  ],
} as const satisfies {
  id: string;
  partitionKey: string;
  sortKey: string;
  stream: 'NEW_IMAGE';
  timeToLiveAttribute: string;
  indexes: readonly IndexSpec[];
};

export type IndexName = (typeof table.indexes)[number]['name'];

/** The index named `name` (a typo is a type error, not a query against a missing index). */
export function indexSpec(name: IndexName): IndexSpec {
  return table.indexes.find((index) => index.name === name)!;
}
