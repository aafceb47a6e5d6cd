import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISPOSITION_NAMES, PACK_EVENT_NAMES, RECALL_TRIGGER_NAMES } from '../../src/reports/record-names.js';

// The printed records (issue 15) name a pack's steps, a recall's trigger and a pack's disposition
// with the pages' words (web/src/messages.ts): a record reads as the screen it was printed from.
const messages = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../web/src/messages.ts'), 'utf8');

function message(key: string): { zh: string; en: string } | null {
  const m = new RegExp(`^\\s*${key}: \\[\\s*'([^']+)',\\s*'([^']+)',?\\s*\\]`, 'm').exec(messages);
  return m ? { zh: m[1], en: m[2] } : null;
}

const DISPOSITION_KEYS: Record<string, string> = {
  not_found: 'rc_notFound',
  pulled: 'rc_pulled',
  returned: 'rc_returned',
  used: 'rc_used',
  use_not_recorded: 'rc_useNotRecorded',
  out_of_circulation: 'rc_outOfCirculation',
};

describe('the printed records use the pages’ names', () => {
  it.each(Object.entries(PACK_EVENT_NAMES))('step %s', (type, names) => expect(message(`prov_ev_${type}`)).toEqual(names));
  it.each(Object.entries(RECALL_TRIGGER_NAMES))('trigger %s', (trigger, names) => expect(message(`rc_trigger_${trigger}`)).toEqual(names));
  it.each(Object.entries(DISPOSITION_NAMES))('disposition %s', (d, names) => expect(message(DISPOSITION_KEYS[d])).toEqual(names));
});
