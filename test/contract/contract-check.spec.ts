import { describe, expect, it } from '@jest/globals';
import { checkSchema } from '../support/contract.js';

// The schema check every e2e answer goes through (test/support/contract.ts): it must catch a
// view that lies, or the contract test could pass on anything.
describe('checkSchema', () => {
  const doc = {
    paths: {},
    components: {
      schemas: {
        Pack: {
          type: 'object',
          required: ['id', 'cycleNo'],
          properties: {
            id: { type: 'string' },
            cycleNo: { type: 'integer', nullable: true },
            state: { type: 'string', enum: ['stored', 'used'] },
          },
        },
        Load: {
          type: 'object',
          required: ['run'],
          properties: { run: { allOf: [{ $ref: '#/components/schemas/Pack' }], nullable: true } },
        },
      },
    },
  };
  const check = (name: string, value: unknown) => {
    const out: string[] = [];
    checkSchema(doc, { $ref: `#/components/schemas/${name}` }, value, 'body', out);
    return out;
  };

  it('accepts what the schema documents, nullable references included', () => {
    expect(check('Pack', { id: 'a', cycleNo: null, state: 'stored' })).toEqual([]);
    expect(check('Load', { run: null })).toEqual([]);
    expect(check('Load', { run: { id: 'a', cycleNo: 3 } })).toEqual([]);
  });

  it('reports a missing, mistyped, undocumented or out-of-enum field', () => {
    expect(check('Pack', { cycleNo: 1 })).toEqual(['body.id: missing (documented as required)']);
    expect(check('Pack', { id: 'a', cycleNo: 1.5 })).toEqual(['body.cycleNo: number, documented as integer']);
    expect(check('Pack', { id: 'a', cycleNo: 1, extra: true })).toEqual(['body.extra: not documented']);
    expect(check('Pack', { id: 'a', cycleNo: 1, state: 'lost' })).toEqual(['body.state: "lost" not in its enum']);
    expect(check('Load', { run: { id: null, cycleNo: 1 } })).toEqual(['body.run.id: null, documented as not nullable']);
  });
});
