import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { bearer, createSet, createUser, rowCounts, TEST_PASSWORD, uniq, type TestUser } from '../support/factories.js';

/**
 * A text a request may hold is a text the database stores: every bounded request field, wherever
 * its value ends up (copied to another table, concatenated, kept for an audit), fits its column.
 * Each case here is a value of exactly the longest length the request accepts, stored; and one
 * character more, refused with 400 VALIDATION_FAILED naming the field, with nothing written —
 * never a 500 from PostgreSQL's "value too long for type character varying(n)" (22001).
 * varchar(n) counts characters, not bytes: the values are Chinese (three bytes each in UTF-8).
 */
describe('text lengths: what a request may send, the database stores', () => {
  let t: TestApp;
  let chain: ChainDriver;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    chain = await ChainDriver.create(t);
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  describe('a department user’s display name (≤ 100) as who handed a set over at collection (round_items.handed_over_by)', () => {
    const USER_TABLES = ['users', 'audit_log'];
    const createDepartmentUser = (displayName: string) =>
      t
        .http()
        .post('/api/users')
        .set(bearer(admin.token))
        .set('Accept-Language', 'en')
        .send({
          username: uniq('dept').toLowerCase(),
          displayName,
          password: TEST_PASSWORD,
          role: 'department',
          departmentId: chain.department.id,
        });

    it('a name of 100 characters is stored with the user and on the collection round; 101 is refused and nothing is written', async () => {
      const longest = '王'.repeat(100);
      const user = expectOk(await createDepartmentUser(longest)) as { id: string; displayName: string };
      expect(user.displayName).toBe(longest);

      // One character more: refused when creating the user, and when renaming one.
      const before = await rowCounts(t, USER_TABLES);
      const created = expectRefused(await createDepartmentUser('王'.repeat(101)), 400, 'VALIDATION_FAILED');
      expect((created.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['displayName']);
      const renamed = expectRefused(
        await t
          .http()
          .patch(`/api/users/${user.id}`)
          .set(bearer(admin.token))
          .send({ displayName: '李'.repeat(101) }),
        400,
        'VALIDATION_FAILED',
      );
      expect((renamed.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['displayName']);
      expect(await rowCounts(t, USER_TABLES)).toEqual(before);
      expect((await t.ds.query('SELECT display_name FROM users WHERE id = $1', [user.id]))[0].display_name).toBe(longest);

      // The user of 100 characters hands a set over at collection: the name is on the round's manifest.
      const set = await createSet(t, { homeDepartmentId: chain.department.id });
      const collected = expectOk(
        await t
          .http()
          .post('/api/recycling/scan')
          .set(bearer(chain.nurse.token))
          .send({ code: set.assetCode, departmentId: chain.department.id, handedOverByUserId: user.id }),
      ) as { pack: { id: string } };
      const [item] = await t.ds.query('SELECT handed_over_by FROM round_items WHERE pack_id = $1', [collected.pack.id]);
      expect(item.handed_over_by).toBe(longest);
    });
  });
});
