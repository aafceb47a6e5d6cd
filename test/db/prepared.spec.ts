import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashSecret } from '../../src/users/password.js';
import { findById, getById } from '../../src/database/prepared.js';
import { Pack } from '../../src/kernel/pack.entity.js';
import { User } from '../../src/users/user.entity.js';
import { testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { insertTemplate, openTestDataSource } from '../support/test-db.js';

/** The stations' lookups by key answer exactly what TypeORM's find would, through a prepared statement. */
describe('findById / getById', () => {
  let ds: DataSource;
  let packId: string;
  let userId: string;
  beforeAll(async () => {
    ds = await openTestDataSource();
    const templateId = await insertTemplate(ds, uniq('TPL'));
    [{ id: packId }] = await ds.query(
      `INSERT INTO packs (barcode, template_id, state, expiry_date, wet, storage_location, created_at, updated_at) VALUES ($1, $2, 'stored', '2027-01-31', true, 'A-1', $3, $3) RETURNING id`,
      [`Z${uniq('').slice(-11)}`, templateId, testNow()],
    );
    [{ id: userId }] = await ds.query(
      `INSERT INTO users (username, display_name, role, password_hash, pin_hash, badge_code, created_at, updated_at) VALUES ($1, '测试', 'nurse', $2, $2, $3, $4, $4) RETURNING id`,
      [uniq('u').toLowerCase(), await hashSecret('not-a-real-password'), uniq('B'), testNow()],
    );
  });
  afterAll(() => ds?.destroy());

  it('hydrates a row as TypeORM does: dates, timestamps, booleans, numbers', async () => {
    const mine = await findById(ds.manager, Pack, packId);
    expect(mine).toEqual(await ds.getRepository(Pack).findOneBy({ id: packId }));
    expect(mine).toMatchObject({ expiryDate: '2027-01-31', wet: true, storageLocation: 'A-1' });
    expect(mine!.createdAt).toBeInstanceOf(Date);
    expect(await ds.transaction((m) => getById(m, Pack, packId, { lock: true }))).toEqual(mine);
  });

  it('leaves out what find() leaves out: no password or PIN hash', async () => {
    const user = await findById(ds.manager, User, userId);
    expect(user).toEqual(await ds.getRepository(User).findOneBy({ id: userId }));
    expect(user).not.toHaveProperty('passwordHash', expect.anything());
    expect(user).not.toHaveProperty('pinHash', expect.anything());
  });

  it('null for no such row; getById treats it as a bug, not a user error', async () => {
    const missing = randomUUID();
    expect(await findById(ds.manager, Pack, missing)).toBeNull();
    await expect(getById(ds.manager, Pack, missing)).rejects.toThrow(`packs ${missing} not found`);
  });
});
