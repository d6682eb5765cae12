import { z } from 'zod';
import {
  checkRun,
  checkRunsQuery,
  errorBody,
  incident,
  incidentsQuery,
  page,
  uptimePage,
  uptimeQuery,
} from './schemas';

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) of a zod schema, without the $schema key inside the document. */
function json(schema: z.ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return rest;
}

/** Query parameters of an operation, from the fields of its zod query schema. */
function parameters(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as unknown as {
    properties: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(jsonSchema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: jsonSchema.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

const errors = {
  '400': { description: 'The query is not valid.', content: { 'application/json': { schema: json(errorBody) } } },
  '401': {
    description: 'Missing, unknown or revoked API token.',
    content: { 'application/json': { schema: json(errorBody) } },
  },
};

function operation(summary: string, description: string, query: z.ZodObject, response: z.ZodType) {
  return {
    get: {
      summary,
      description,
      parameters: parameters(query),
      responses: {
        '200': { description: 'A page of results.', content: { 'application/json': { schema: json(response) } } },
        ...errors,
      },
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ChatWatch reliability API',
      version: '1.0.0',
      description:
        "Read-only: incidents, uptime and check runs of the chat vendor monitor. Create a token on /status/settings and send it as `Authorization: Bearer cw_…`. Lists are newest first and paginated with `cursor` = the previous page's `nextCursor`.",
    },
    servers: [{ url: `${serverUrl.replace(/\/+$/, '')}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (cw_…).' } },
    },
    paths: {
      '/incidents': operation(
        'List incidents',
        'Incidents per component, newest first.',
        incidentsQuery,
        page(incident),
      ),
      '/uptime': operation(
        'Uptime per day',
        'Uptime, downtime and incidents per UTC day and component (maintenance excluded), with a summary of the whole range and the SLA verdict.',
        uptimeQuery,
        uptimePage,
      ),
      '/check-runs': operation(
        'List check runs',
        'Every attempt of every check, newest first.',
        checkRunsQuery,
        page(checkRun),
      ),
    },
  };
}
