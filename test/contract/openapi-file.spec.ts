import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { generateOpenApiDocument, OPENAPI_FILE, stableJson } from '../../src/openapi/generate.js';

/**
 * docs/openapi.json is the API contract the web client's types are generated from, kept in the
 * repository so every API change shows in review. The document the code produces must be the
 * committed one, byte for byte.
 */
describe('docs/openapi.json', () => {
  it('is the document the code generates (after an API change: run npm run openapi)', async () => {
    const generated = stableJson(await generateOpenApiDocument());
    let committed = '';
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      // missing file: the comparison below fails with the hint
    }
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const at = b.findIndex((line, i) => line !== a[i]);
      throw new Error(
        `docs/openapi.json is out of date with the code — run npm run openapi and commit the file.\n` +
          `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`,
      );
    }
    expect(committed).toBe(generated);
  });
});
