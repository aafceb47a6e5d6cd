import type { Disposition } from './recall-item.entity.js';

/** One page of a recall's packs: `GET /api/recalls/:id?offset=&limit=&disposition=`. */
export interface RecallPage {
  offset?: number;
  limit?: number;
  disposition?: Disposition;
}

export const RECALL_PAGE_DEFAULT = 500;
export const RECALL_PAGE_MAX = 2000;
/** Far beyond any recall (a sterilizer's three years are ~600 k packs), and inside PostgreSQL's OFFSET range. */
export const RECALL_OFFSET_MAX = 100_000_000;
