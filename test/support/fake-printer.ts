import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A Zebra printer's raw port on 127.0.0.1: keeps every job (one connection = one job) as text. */
export interface FakePrinter {
  port: number;
  jobs: string[];
  /** Resolves when `n` jobs have arrived. */
  waitForJobs(n: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startFakePrinter(): Promise<FakePrinter> {
  const jobs: string[] = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => jobs.push(Buffer.concat(chunks).toString('latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    jobs,
    async waitForJobs(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (jobs.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      return jobs;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens (a printer switched off). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
