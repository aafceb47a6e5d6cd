// PostgreSQL COPY FROM STDIN (text format) through pg-copy-streams: one connection per big
// table, rows buffered into ~512 KB chunks, back-pressure honoured at day boundaries.
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY text format. */
export function esc(v) {
  if (v === null || v === undefined) return '\\N';
  if (v === true) return 't';
  if (v === false) return 'f';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** A JSON value (jsonb column) in COPY text format. */
export function json(v) {
  return esc(JSON.stringify(v));
}

export class CopyWriter {
  constructor(url, table, columns, { chunkBytes = 512 * 1024 } = {}) {
    this.url = url;
    this.table = table;
    this.columns = columns;
    this.chunkBytes = chunkBytes;
    this.parts = [];
    this.size = 0;
    this.rows = 0;
    this.client = null;
    this.stream = null;
    this.done = null;
    this.needDrain = false;
  }

  async open() {
    this.client = new pg.Client({ connectionString: this.url, application_name: `bench-data:${this.table}` });
    await this.client.connect();
    await this.client.query(`SET synchronous_commit = off`);
    this.stream = this.client.query(copyStreams.from(`COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    // Surface an error early rather than at the end.
    this.done.catch((e) => {
      this.error = e;
    });
  }

  /** `line` is one row already joined with tabs (no newline). */
  row(line) {
    this.parts.push(line);
    this.size += line.length + 1;
    this.rows++;
    if (this.size >= this.chunkBytes) this.flushChunk();
  }

  rowOf(values) {
    let s = esc(values[0]);
    for (let i = 1; i < values.length; i++) s += '\t' + esc(values[i]);
    this.row(s);
  }

  flushChunk() {
    if (this.parts.length === 0) return;
    if (this.error) throw this.error;
    const ok = this.stream.write(this.parts.join('\n') + '\n');
    if (!ok) this.needDrain = true;
    this.parts = [];
    this.size = 0;
  }

  async drain() {
    if (this.error) throw this.error;
    if (!this.needDrain) return;
    await new Promise((resolve) => this.stream.once('drain', resolve));
    this.needDrain = false;
  }

  async close() {
    this.flushChunk();
    this.stream.end();
    await this.done;
    if (this.error) throw this.error;
    await this.client.end();
  }
}

/** Writers opened lazily, all closed together. */
export class CopySet {
  constructor(url, tables) {
    this.url = url;
    this.tables = tables;
    this.writers = new Map();
  }
  async open(names) {
    for (const name of names) {
      const w = new CopyWriter(this.url, name, this.tables[name]);
      await w.open();
      this.writers.set(name, w);
    }
  }
  get(name) {
    const w = this.writers.get(name);
    if (!w) throw new Error(`no COPY writer for ${name}`);
    return w;
  }
  async drain() {
    for (const w of this.writers.values()) w.flushChunk();
    await Promise.all([...this.writers.values()].map((w) => w.drain()));
  }
  async close() {
    await Promise.all([...this.writers.values()].map((w) => w.close()));
  }
  counts() {
    return Object.fromEntries([...this.writers].map(([k, w]) => [k, w.rows]));
  }
}
