// The round-trip experiment of docs/scaling.md: what a station scan would gain by taking two
// round trips instead of five, measured on PostgreSQL alone (no HTTP, no service), 16 clients.
//   DATABASE_URL=postgres://…/any-database node bench/data/round-trips-experiment.mjs [--seconds 8]
// Creates a scratch schema rt_exp (dropped at the end). Each client owns its own packs, as the
// bench's stations own their sets, and moves each pack stored ↔ released with an event:
//   locked     today's shape of a storage scan: BEGIN; lock the pack; read its load; move it and
//              write its event (one statement); COMMIT — five round trips
//   optimistic read the pack with its load (no lock); move it with a statement guarded by the
//              state and a version it was read with, event included, autocommit — two
//   lockedTypeorm  the locked shape through TypeORM's transaction() and query(), as the service runs it
//   insert     the bench's baseline: one single-row INSERT per transaction
// All statements are named (prepared), as the service's are.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('usage: DATABASE_URL=postgres://… node bench/data/round-trips-experiment.mjs [--seconds 8]');
  process.exit(2);
}
const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, clients: { type: 'string', default: '16' } } });
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const PACKS_PER_CLIENT = 500;

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`DROP SCHEMA IF EXISTS rt_exp CASCADE`);
await admin.query(`CREATE SCHEMA rt_exp`);
await admin.query(`CREATE TABLE rt_exp.loads (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, release text NOT NULL)`);
await admin.query(`CREATE TABLE rt_exp.packs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), barcode text UNIQUE NOT NULL, state text NOT NULL, load_id uuid REFERENCES rt_exp.loads,
  storage_location text, version int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`);
await admin.query(`CREATE TABLE rt_exp.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, pack_id uuid NOT NULL REFERENCES rt_exp.packs, type text NOT NULL,
  from_state text, to_state text NOT NULL, actor_id uuid NOT NULL, station text, data jsonb NOT NULL DEFAULT '{}', at timestamptz NOT NULL DEFAULT now())`);
await admin.query(`CREATE INDEX ON rt_exp.events (pack_id, id)`);
await admin.query(`INSERT INTO rt_exp.loads (status, release) SELECT 'completed', 'released' FROM generate_series(1, 200)`);
await admin.query(`INSERT INTO rt_exp.packs (barcode, state, load_id)
  SELECT 'P' || lpad(g::text, 11, '0'), 'released', (SELECT id FROM rt_exp.loads ORDER BY id OFFSET g % 200 LIMIT 1) FROM generate_series(1, $1) g`, [CLIENTS * PACKS_PER_CLIENT]);
await admin.query(`ANALYZE rt_exp.loads, rt_exp.packs, rt_exp.events`);

const actor = '00000000-0000-4000-8000-000000000001';
const MOVE = `WITH moved AS (
    UPDATE rt_exp.packs SET state = $2, storage_location = $3, version = version + 1, updated_at = now() WHERE id = $1 AND state = $4 %GUARD% RETURNING id
  ) INSERT INTO rt_exp.events (pack_id, type, from_state, to_state, actor_id, station, data)
    SELECT id, 'store', $4, $2, $5, 'RT-EXP', '{}'::jsonb FROM moved RETURNING 1`;
const q = (name, text, values) => ({ name, text, values });
const other = (state) => (state === 'stored' ? 'released' : 'stored');

const PATTERNS = {
  async locked(c, barcode) {
    await c.query('BEGIN');
    const { rows: [p] } = await c.query(q('rt_lock', `SELECT * FROM rt_exp.packs WHERE barcode = $1 FOR UPDATE`, [barcode]));
    await c.query(q('rt_load', `SELECT * FROM rt_exp.loads WHERE id = $1`, [p.load_id]));
    const { rowCount } = await c.query(q('rt_move', MOVE.replace('%GUARD%', ''), [p.id, other(p.state), 'A-1', p.state, actor]));
    await c.query('COMMIT');
    return rowCount === 1;
  },
  async optimistic(c, barcode) {
    const { rows: [p] } = await c.query(q('rt_read', `SELECT p.*, l.status AS load_status, l.release AS load_release FROM rt_exp.packs p LEFT JOIN rt_exp.loads l ON l.id = p.load_id WHERE p.barcode = $1`, [barcode]));
    const { rowCount } = await c.query(q('rt_move_guarded', MOVE.replace('%GUARD%', 'AND version = $6'), [p.id, other(p.state), 'A-1', p.state, actor, p.version]));
    return rowCount === 1;
  },
  // The locked shape again, through TypeORM's transaction and query runner as the service runs it.
  async lockedTypeorm(_c, barcode) {
    return ds.transaction(async (m) => {
      const [p] = await m.query(q('rt_lock', `SELECT * FROM rt_exp.packs WHERE barcode = $1 FOR UPDATE`), [barcode]);
      await m.query(q('rt_load', `SELECT * FROM rt_exp.loads WHERE id = $1`), [p.load_id]);
      const moved = await m.query(q('rt_move', MOVE.replace('%GUARD%', '')), [p.id, other(p.state), 'A-1', p.state, actor]);
      return moved.length === 1;
    });
  },
  async insert(c, _barcode, packId) {
    await c.query(q('rt_insert', `INSERT INTO rt_exp.events (pack_id, type, from_state, to_state, actor_id) VALUES ($1, 'probe', 'stored', 'stored', $2)`, [packId, actor]));
    return true;
  },
};

const ds = new DataSource({ type: 'postgres', url, extra: { max: CLIENTS } });
await ds.initialize();
const packs = (await admin.query(`SELECT id, barcode FROM rt_exp.packs ORDER BY barcode`)).rows;
const results = {};
for (const name of ['insert', 'locked', 'lockedTypeorm', 'optimistic', 'insert', 'locked', 'lockedTypeorm', 'optimistic']) {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, async () => { const c = new pg.Client({ connectionString: url }); await c.connect(); return c; }));
  const cpu0 = process.cpuUsage();
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  let conflicts = 0;
  await Promise.all(clients.map(async (c, i) => {
    const mine = packs.slice(i * PACKS_PER_CLIENT, (i + 1) * PACKS_PER_CLIENT);
    for (let k = 0; Date.now() < end; k++) {
      const p = mine[k % mine.length];
      if (await PATTERNS[name](c, p.barcode, p.id)) done++;
      else conflicts++;
    }
  }));
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(clients.map((c) => c.end()));
  const perSecond = done / SECONDS;
  (results[name] ??= []).push(perSecond);
  console.log(`${name.padEnd(13)} ${Math.round(perSecond).toLocaleString('en-US').padStart(7)}/s  client CPU ${((cpu.user + cpu.system) / 1000 / done * 1000).toFixed(0)} µs per operation${conflicts ? `  ${conflicts} guard misses` : ''}`);
}
const best = (n) => Math.max(...results[n]);
console.log(`optimistic / locked: ${(best('optimistic') / best('locked')).toFixed(2)} × · locked through TypeORM / raw: ${(best('lockedTypeorm') / best('locked')).toFixed(2)} × · share of the INSERT baseline: locked ${(100 * best('locked') / best('insert')).toFixed(1)} %, through TypeORM ${(100 * best('lockedTypeorm') / best('insert')).toFixed(1)} %, optimistic ${(100 * best('optimistic') / best('insert')).toFixed(1)} %`);
await ds.destroy();
await admin.query(`DROP SCHEMA rt_exp CASCADE`);
await admin.end();
