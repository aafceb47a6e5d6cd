import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';

/**
 * Issue 18, "one clock": every time the service stores comes from its injectable Clock, never
 * from the database server's now(). The service's clock is set far from the database's (two
 * and a half years back, fresh rows only) and a pack walks the chain, is recalled, and the
 * catalog and a user change: every stored time of those rows lies within the clock's window,
 * none at the database's time.
 */
describe('one clock: stored times are the service clock, not the database server', () => {
  let t: TestApp;
  let c: ChainDriver;
  let admin: TestUser;
  let head: TestUser;
  // Far from the database server's time, so a time it supplied cannot pass for the clock's.
  const FAR = new Date('2024-06-03T01:30:00.000Z');

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(FAR);
    admin = await createUser(t, 'admin');
    head = await createUser(t, 'head_nurse');
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  /** Runs `work` and gives the clock's window around it: what it stored must lie inside. */
  async function during<T>(work: () => Promise<T>): Promise<{ result: T; from: Date; to: Date }> {
    const from = t.clock.instant();
    const result = await work();
    return { result, from, to: t.clock.instant() };
  }

  /** Every time in `rows` (Date values, by "table.column" label) within [from, to]: the failures, labelled. */
  function outside(rows: Record<string, Date | null>[], from: Date, to: Date): string[] {
    const out: string[] = [];
    for (const row of rows) {
      for (const [label, value] of Object.entries(row)) {
        if (!(value instanceof Date)) out.push(`${label}: ${String(value)} (no time)`);
        else if (value < from || value > to)
          out.push(`${label}: ${value.toISOString()} not within ${from.toISOString()} … ${to.toISOString()}`);
      }
    }
    return out;
  }

  it('the database server is far from the service clock (the test means something)', async () => {
    const [{ now }] = await t.ds.query(`SELECT now() AS now`);
    expect(Math.abs(new Date(now).getTime() - t.clock.instant().getTime())).toBeGreaterThan(300 * 86_400_000);
  });

  it('a pack walked from collection to dispatch, then recalled: its events, rows, load, cycles and recall carry the clock', async () => {
    const asset = await c.newSet();
    const {
      result: barcode,
      from,
      to,
    } = await during(async () => {
      const code = await c.readyInStorage(asset);
      await c.dispatch(code);
      expectOk(
        await t.http().post('/api/monitoring/readings').set(bearer(c.monitor.token)).send({ kind: 'storage_temperature', value: 22 }),
      );
      expectOk(
        await t
          .http()
          .post('/api/recalls')
          .set(bearer(head.token))
          .set('X-Station', 'RECALL-1')
          .send({ trigger: 'manual', reason: 'One clock: suspect wrap batch', barcodes: [code] }),
      );
      return code;
    });
    const [pack] = await t.ds.query(`SELECT id, load_id, washer_cycle_id FROM packs WHERE barcode = $1`, [barcode]);
    const times = [
      ...(await t.ds.query(`SELECT at AS "pack_events.at" FROM pack_events WHERE pack_id = $1`, [pack.id])),
      ...(await t.ds.query(`SELECT created_at AS "packs.created_at", updated_at AS "packs.updated_at" FROM packs WHERE id = $1`, [
        pack.id,
      ])),
      ...(await t.ds.query(`SELECT at AS "load_items.at" FROM load_items WHERE pack_id = $1`, [pack.id])),
      ...(await t.ds.query(`SELECT opened_at AS "sterilizer_loads.opened_at" FROM sterilizer_loads WHERE sterilizer_id = $1`, [
        c.sterilizer.sterilizer.id,
      ])),
      ...(await t.ds.query(`SELECT recorded_at AS "bd_tests.recorded_at" FROM bd_tests WHERE sterilizer_id = $1`, [
        c.sterilizer.sterilizer.id,
      ])),
      ...(await t.ds.query(`SELECT opened_at AS "washer_cycles.opened_at" FROM washer_cycles WHERE id = $1`, [pack.washer_cycle_id])),
      ...(await t.ds.query(`SELECT recorded_at AS "environment_readings.recorded_at" FROM environment_readings WHERE recorded_by = $1`, [
        c.monitor.user.id,
      ])),
      ...(await t.ds.query(
        `SELECT r.opened_at AS "recalls.opened_at" FROM recalls r JOIN recall_items i ON i.recall_id = r.id WHERE i.pack_id = $1`,
        [pack.id],
      )),
      ...(await t.ds.query(`SELECT created_at AS "department_notices.created_at" FROM department_notices WHERE department_id = $1`, [
        c.department.id,
      ])),
    ];
    // Every kind of row was there to check (an empty query would prove nothing).
    expect(new Set(times.flatMap((r: object) => Object.keys(r)))).toEqual(
      new Set([
        'pack_events.at',
        'packs.created_at',
        'packs.updated_at',
        'load_items.at',
        'sterilizer_loads.opened_at',
        'bd_tests.recorded_at',
        'washer_cycles.opened_at',
        'environment_readings.recorded_at',
        'recalls.opened_at',
        'department_notices.created_at',
      ]),
    );
    expect(outside(times, from, to)).toEqual([]);
    // The last move (the recall) wrote the pack's updated_at and its newest event at one instant.
    const [last] = await t.ds.query(
      `SELECT p.updated_at, (SELECT max(at) FROM pack_events WHERE pack_id = p.id) AS at FROM packs p WHERE p.id = $1`,
      [pack.id],
    );
    expect(last.updated_at).toEqual(last.at);
  });

  it('a catalog item created and changed: created_at, updated_at, its template version and its audit entries carry the clock', async () => {
    const created = await during(async () =>
      expectOk(
        await t
          .http()
          .post('/api/set-templates')
          .set(bearer(head.token))
          .send({
            code: uniq('TPL'),
            nameZh: '一钟包',
            nameEn: 'One clock set',
            packagingMaterial: 'crepe_nonwoven',
            sterilizationMethod: 'steam_prevacuum',
            contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 }],
          }),
      ),
    );
    const id = created.result.id as string;
    t.clock.advance(60 * 60_000);
    const changed = await during(async () =>
      expectOk(await t.http().patch(`/api/set-templates/${id}`).set(bearer(head.token)).send({ nameEn: 'One clock set, renamed' })),
    );

    const [row] = await t.ds.query(`SELECT created_at, updated_at FROM set_templates WHERE id = $1`, [id]);
    expect(outside([{ 'set_templates.created_at': row.created_at }], created.from, created.to)).toEqual([]);
    expect(outside([{ 'set_templates.updated_at': row.updated_at }], changed.from, changed.to)).toEqual([]);
    const versions = await t.ds.query(`SELECT version, recorded_at FROM set_template_versions WHERE template_id = $1 ORDER BY version`, [
      id,
    ]);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(outside([{ 'set_template_versions.recorded_at v1': versions[0].recorded_at }], created.from, created.to)).toEqual([]);
    expect(outside([{ 'set_template_versions.recorded_at v2': versions[1].recorded_at }], changed.from, changed.to)).toEqual([]);
    const audit = await t.ds.query(`SELECT action, at FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
    expect(outside([{ 'audit_log.at create': audit[0].at }], created.from, created.to)).toEqual([]);
    expect(outside([{ 'audit_log.at update': audit[1].at }], changed.from, changed.to)).toEqual([]);
  });

  it('a user created, changed, certified and deactivated: each write states its time from the clock, as does the keyed request it came with', async () => {
    const key = randomUUID();
    const created = await during(async () =>
      expectOk(
        await t
          .http()
          .post('/api/users')
          .set(bearer(admin.token))
          .set('Idempotency-Key', key)
          .send({ username: uniq('clock').toLowerCase(), displayName: '钟护士', password: 'a-long-password-1', role: 'nurse' }),
      ),
    );
    const id = created.result.id as string;
    t.clock.advance(24 * 3_600_000);
    const changed = await during(async () =>
      expectOk(await t.http().patch(`/api/users/${id}`).set(bearer(admin.token)).send({ displayName: '钟护士（改）' })),
    );
    const certified = await during(async () =>
      expectOk(
        await t
          .http()
          .post(`/api/users/${id}/certifications`)
          .set(bearer(admin.token))
          .send({ kind: 'sterilizer_operator', number: 'CLOCK-1', validUntil: '2027-06-30' }),
      ),
    );
    t.clock.advance(24 * 3_600_000);
    const deactivated = await during(async () =>
      expectOk(await t.http().post(`/api/users/${id}/deactivate`).set(bearer(admin.token)).send({})),
    );

    const [user] = await t.ds.query(`SELECT created_at, updated_at FROM users WHERE id = $1`, [id]);
    expect(outside([{ 'users.created_at': user.created_at }], created.from, created.to)).toEqual([]);
    expect(outside([{ 'users.updated_at': user.updated_at }], deactivated.from, deactivated.to)).toEqual([]);
    const [cert] = await t.ds.query(`SELECT created_at FROM user_certifications WHERE user_id = $1`, [id]);
    expect(outside([{ 'user_certifications.created_at': cert.created_at }], certified.from, certified.to)).toEqual([]);
    const audit = await t.ds.query(`SELECT action, at FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update', 'add_certification', 'deactivate']);
    const windows = [created, changed, certified, deactivated];
    expect(
      audit.flatMap((a: { action: string; at: Date }, i: number) =>
        outside([{ [`audit_log.at ${a.action}`]: a.at }], windows[i].from, windows[i].to),
      ),
    ).toEqual([]);
    const [record] = await t.ds.query(`SELECT created_at FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [admin.user.id, key]);
    expect(outside([{ 'idempotency_records.created_at': record.created_at }], created.from, created.to)).toEqual([]);
  });
});
