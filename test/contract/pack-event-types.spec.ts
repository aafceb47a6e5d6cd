import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACK_EVENT_TYPES } from '../../src/kernel/pack-event-types.js';

// Issue 14: the pack event types are one list in the kernel; the provenance page names each step
// of a pack's history by its type (web/src/pages/Provenance.tsx, `prov_ev_<type>`), so every type
// the service writes has a name there in both languages.
const messages = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../web/src/messages.ts'), 'utf8');

describe('every pack event type has a name on the provenance page', () => {
  it.each([...PACK_EVENT_TYPES])('%s', (type) => {
    const line = new RegExp(`^\\s*prov_ev_${type}: \\[\\s*'[^']+',\\s*'[^']+',?\\s*\\]`, 'm');
    expect(messages).toMatch(line);
  });
});
