/** The parts of the service's own OpenAPI document the fuzzers walk (test/e2e/fuzz*.e2e-spec.ts). */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
}
export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  body: Schema | null;
}
export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** Every operation of the OpenAPI document the service serves. */
export function operations(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method,
      path,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

/** A schema with its $ref followed and its allOf merged. */
export function resolver(doc: OpenApiDoc): (s: Schema | undefined) => Schema {
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(schemas[s.$ref.split('/').pop()!]);
    if (s.allOf)
      return s.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {} as Schema);
    return s;
  };
  return resolve;
}

/**
 * How many requests a fuzzer sends, and fast-check's parameters: FUZZ_RUNS for a longer hunt,
 * FUZZ_SEED to replay a failure from the seed fast-check printed.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
export const fuzzParameters = () => ({
  numRuns: FUZZ_RUNS,
  endOnFailure: true,
  ...(process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) }),
});
