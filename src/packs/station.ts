import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The scanning station, from the `X-Station` header (e.g. `DECON-1`), recorded on each event. */
export const Station = createParamDecorator((_d: unknown, ctx: ExecutionContext): string | null => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers['x-station'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  const clean = value.trim().slice(0, 64);
  return /^[\x20-\x7e]+$/.test(clean) ? clean : null;
});
