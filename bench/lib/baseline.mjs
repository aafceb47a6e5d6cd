// The baseline of section 1, pgbench-style: N clients, each its own connection, each running
// single-row INSERTs in autocommit (one transaction, one commit each) into a scratch table,
// against the same database for the same time. It is the ceiling the service's scans are
// compared with: a scan is a transaction with a few reads and writes, plus HTTP, auth and JSON.
import pg from 'pg';
import { summary } from './stats.mjs';

export async function insertBaseline(databaseUrl, { clients = 16, warmupMs, durationMs, tag }) {
  const table = `bench_baseline_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: databaseUrl, application_name: 'cssd-bench' });
  await admin.connect();
  const conns = [];
  try {
    await admin.query(
      `CREATE TABLE ${table} (id bigserial PRIMARY KEY, client int NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)`,
    );
    for (let i = 0; i < clients; i++) {
      const c = new pg.Client({ connectionString: databaseUrl, application_name: `cssd-bench-baseline-${i}` });
      await c.connect();
      conns.push(c);
    }
    let phase = 'warmup';
    let start = 0;
    let end = 0;
    const lat = [];
    const payload = 'P00000012344 recycle BENCH station event payload';
    const worker = async (c, i) => {
      // Simple query protocol, no parameters: what pgbench's default mode sends.
      const sql = `INSERT INTO ${table} (client, payload) VALUES (${i}, '${payload}')`;
      while (phase !== 'stop') {
        const t0 = performance.now();
        await c.query(sql);
        const t1 = performance.now();
        if (phase === 'measure' && t0 >= start && (end === 0 || t1 <= end)) lat.push(t1 - t0);
      }
    };
    const running = conns.map(worker);
    await new Promise((r) => setTimeout(r, warmupMs));
    start = performance.now();
    phase = 'measure';
    await new Promise((r) => setTimeout(r, durationMs));
    end = performance.now();
    phase = 'stop';
    await Promise.all(running);
    const seconds = (end - start) / 1000;
    return { clients, seconds, inserts: lat.length, perSecond: lat.length / seconds, latency: summary(lat) };
  } finally {
    await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
    await admin.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
