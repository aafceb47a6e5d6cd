import type { Disposition } from './recall-item.entity.js';

/** One page of a recall's packs: `GET /api/recalls/:id?offset=&limit=&disposition=`. */
export interface RecallPage {
  offset?: number;
  limit?: number;
  disposition?: Disposition;
}

export const RECALL_PAGE_DEFAULT = 500;
export const RECALL_PAGE_MAX = 2000;
