/**
 * The OpenAPI 3.1 document of the read API, generated from the Zod schemas
 * the routes parse their queries with and shape their answers with
 * (./schemas.ts): paths, parameters, responses and components alike.
 */
import { z } from 'zod/v4';
import { API_ENDPOINTS, apiRegistry, type ApiEndpoint } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** A JSON Schema as OpenAPI holds it: no `$schema` of its own, no Zod registry id. */
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, id: _id, ...rest } = schema;
  return rest;
}

function idOf(schema: z.ZodType): string {
  const id = apiRegistry.get(schema)?.id;
  if (!id) throw new Error('every API response schema is registered in apiRegistry');
  return id;
}

function parametersOf(endpoint: ApiEndpoint) {
  const path = Object.entries(endpoint.pathParams ?? {}).map(([name, p]) => ({
    name,
    in: 'path',
    required: true,
    description: p.description,
    schema: clean(z.toJSONSchema(p.schema) as JsonSchema),
  }));
  const query = z.toJSONSchema(endpoint.query, { io: 'input' }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const queryParams = Object.entries(query.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: query.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
  return [...path, ...queryParams];
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

export function openApiDocument(origin: string) {
  const { schemas } = z.toJSONSchema(apiRegistry, { uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> };
  const paths: Record<string, unknown> = {};
  for (const e of API_ENDPOINTS) {
    paths[e.path] = {
      get: {
        operationId: e.operationId,
        summary: e.summary,
        parameters: parametersOf(e),
        security: [{}, { personalAccessToken: [] }],
        responses: {
          200: {
            description: 'OK',
            headers: { ETag: { description: 'Send it back as If-None-Match for a 304 when nothing changed.', schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref(idOf(e.response)) } },
          },
          304: { description: 'Not modified (If-None-Match matched the ETag).' },
          400: errorResponse('A parameter is unknown, malformed or out of range; the message names it.'),
          401: errorResponse('The token is unknown, revoked or expired.'),
          ...(e.pathParams ? { 404: errorResponse('No such item, or none this reader may read.') } : {}),
          429: {
            ...errorResponse('Too many requests.'),
            headers: { 'Retry-After': { description: 'Seconds until the next window.', schema: { type: 'integer' } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Samverka open API',
      version: '1.0.0',
      description:
        'Read-only access to what Samverka publishes: initiatives, lessons learned, indicator snapshots, organisations, working groups, areas, indicators and their values. ' +
        'Without a token you read what is public; with a personal access token (created on your account page) you read what you may read when signed in. ' +
        'Lists are paged with an opaque cursor: follow `next` until it is null.',
      license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    servers: [{ url: origin }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s)])),
      securitySchemes: { personalAccessToken: { type: 'http', scheme: 'bearer', description: 'A personal access token: svk_…' } },
    },
  };
}
