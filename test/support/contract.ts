import type { CallHandler, ExecutionContext, INestApplication, NestInterceptor } from '@nestjs/common';
import { StreamableFile } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Request } from 'express';
import { appendFileSync } from 'node:fs';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { errorLanguageProblems } from './language.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = Record<string, any>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

// The same for every app in this process (one codebase): built once.
let cachedDoc: Doc | undefined;

/**
 * Holds the API to its OpenAPI contract through every e2e test: each answer a test gets is
 * checked against the operation's documentation — an error code must be listed on its route
 * (@ApiErrors, or the globally documented ones), a 2xx body must fit the documented response
 * schema (no missing, mistyped or undocumented field), a file must have a documented content
 * type, an error must read in one language in each of the two (test/support/language.ts).
 * Problems are collected and fail the suite when its app closes (TestApp.close), so a
 * route that starts answering an undocumented code, or a view that stops telling the truth,
 * turns the suite red where the answer was produced.
 */
export class ContractRecorder implements NestInterceptor {
  readonly problems = new Set<string>();

  constructor(private readonly app: INestApplication) {}

  private doc(): Doc {
    cachedDoc ??= SwaggerModule.createDocument(this.app, new DocumentBuilder().build()) as unknown as Doc;
    return cachedDoc;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      tap((body) => this.onAnswer(req, body)),
      catchError((err: unknown) => {
        this.onError(req, err);
        return throwError(() => err);
      }),
    );
  }

  private operation(req: Request): { key: string; op: Operation | undefined } {
    const route = String(req.route?.path ?? req.path);
    const key = `${req.method} ${route}`;
    return { key, op: this.doc().paths[route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[req.method.toLowerCase()] };
  }

  private onError(req: Request, err: unknown): void {
    if (!(err instanceof DomainError)) return; // the filter turns the rest into transport codes (documented on every route)
    const { key, op } = this.operation(req);
    log({ key, code: err.code });
    if (!op) return void this.problems.add(`${key}: not in the OpenAPI document`);
    if (!documentedCodes(op).has(err.code)) this.problems.add(`${key} answered ${err.code}, which its @ApiErrors does not list`);
    // Read in either language, the answer is in that language only (issue 18).
    for (const p of errorLanguageProblems(err.code, err.params, err.details)) this.problems.add(`${key}: ${p}`);
  }

  private onAnswer(req: Request, body: unknown): void {
    const { key, op } = this.operation(req);
    if (!(body instanceof StreamableFile)) log({ key, body: body === undefined ? undefined : JSON.parse(JSON.stringify(body)) });
    if (!op) return void this.problems.add(`${key}: not in the OpenAPI document`);
    // An answer without a body (204) fits a documented 204.
    if (body === undefined && op.responses?.['204']) return;
    const ok = Object.entries(op.responses ?? {}).find(([status]) => /^2/.test(status))?.[1];
    if (!ok?.content) return void this.problems.add(`${key}: no documented response body`);
    if (body instanceof StreamableFile) {
      const type = String(body.getHeaders().type ?? '')
        .split(';')[0]
        .trim();
      if (!Object.keys(ok.content).includes(type))
        this.problems.add(`${key}: answered a ${type} file; documented: ${Object.keys(ok.content).join(', ')}`);
      return;
    }
    const schema = ok.content['application/json']?.schema;
    if (!schema) return void this.problems.add(`${key}: answered JSON; documented: ${Object.keys(ok.content).join(', ')}`);
    const json = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
    const found: string[] = [];
    checkSchema(this.doc(), schema, json, 'body', found);
    for (const f of found.slice(0, 5)) this.problems.add(`${key}: ${f}`);
  }
}

function documentedCodes(op: Operation): Set<string> {
  const codes = new Set<string>();
  for (const r of Object.values(op.responses ?? {})) {
    // Under every content type the route produces (a label route documents its errors under image/png too).
    for (const media of Object.values(r.content ?? {})) for (const c of media.schema?.properties?.code?.enum ?? []) codes.add(c);
  }
  return codes;
}

/** Enough of JSON Schema / OpenAPI 3.0 for the views: $ref, allOf, oneOf, type, enum, nullable, properties, required, items. */
export function checkSchema(doc: Doc, schema: Schema, value: unknown, path: string, out: string[]): void {
  if (value === null && schema.nullable) return; // before allOf / oneOf: `nullable` sits beside them
  if (schema.$ref) return checkSchema(doc, doc.components!.schemas![String(schema.$ref).split('/').pop()!], value, path, out);
  if (schema.allOf) return schema.allOf.forEach((s: Schema) => checkSchema(doc, s, value, path, out));
  if (schema.oneOf || schema.anyOf) {
    const options: Schema[] = schema.oneOf ?? schema.anyOf;
    if (
      !options.some((s) => {
        const o: string[] = [];
        checkSchema(doc, s, value, path, o);
        return o.length === 0;
      })
    )
      out.push(`${path}: fits none of its alternatives`);
    return;
  }
  if (value === undefined) return void out.push(`${path}: missing`);
  if (value === null) {
    if (!schema.nullable && Object.keys(schema).length > 0) out.push(`${path}: null, documented as not nullable`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in its enum`);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  const actual = Array.isArray(value) ? 'array' : typeof value;
  switch (type) {
    case undefined:
      return; // documented as any value
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${path}: ${actual}, documented as integer`);
      return;
    case 'number':
    case 'string':
    case 'boolean':
      if (actual !== type) out.push(`${path}: ${actual}, documented as ${type}`);
      return;
    case 'array':
      if (actual !== 'array') return void out.push(`${path}: ${actual}, documented as array`);
      (value as unknown[]).slice(0, 50).forEach((v, i) => checkSchema(doc, schema.items ?? {}, v, `${path}[${i}]`, out));
      return;
    case 'object': {
      if (actual !== 'object') return void out.push(`${path}: ${actual}, documented as object`);
      const props: Record<string, Schema> = schema.properties ?? {};
      const required: string[] = schema.required ?? [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (props[k]) checkSchema(doc, props[k], v, `${path}.${k}`, out);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
          checkSchema(doc, schema.additionalProperties, v, `${path}.${k}`, out);
        else if (schema.properties && !schema.additionalProperties) out.push(`${path}.${k}: not documented`);
      }
      const object = value as object; // (tsc needs the type here: TS2638)
      for (const k of required) if (!(k in object)) out.push(`${path}.${k}: missing (documented as required)`);
      return;
    }
    default:
      return;
  }
}

function log(entry: object): void {
  if (process.env.CONTRACT_LOG) appendFileSync(process.env.CONTRACT_LOG, `${JSON.stringify(entry)}\n`);
}
