import { expect } from '@jest/globals';
import type { Response } from 'supertest';

/** Status + code in one assertion, so a failure shows the whole body. */
export function expectRefused(res: Response, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code, body: res.body }).toEqual({ status, code, body: expect.anything() });
  return res.body as { code: string; message: string; details?: unknown };
}

/** A 2xx answer (a failure shows the refusal's body); returns the body. */
export function expectOk(res: Response) {
  expect({ status: res.status < 300 ? 'ok' : res.status, body: res.status < 300 ? 'ok' : res.body }).toEqual({ status: 'ok', body: 'ok' });
  return res.body;
}

/** A supertest parser that keeps a file answer (XLSX, PDF) as a Buffer: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: { on(e: string, cb: (c?: Buffer) => void): void }, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
