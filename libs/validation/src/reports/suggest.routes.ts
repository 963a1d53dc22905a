import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { suggestSuite } from '../suites/suggest-suite';
import { SUITE_NAME_PATTERN } from '../suites/suites-schema';

interface SuggestBody {
  source: string;
  format: 'csv' | 'ndjson';
  content: string;
  key?: string[];
  sampleRows?: number;
}

const name = { type: 'string', pattern: SUITE_NAME_PATTERN } as const;

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'format', 'content'],
  properties: {
    source: { ...name, description: 'The source the suite is for' },
    format: { type: 'string', enum: ['csv', 'ndjson'] },
    content: { type: 'string', minLength: 1, description: 'The sample itself: CSV with a header row, or NDJSON (the request is capped at 10 MB)' },
    key: { type: 'array', minItems: 1, uniqueItems: true, items: name, description: 'Key columns (default: an id / *_id column distinct in every row)' },
    sampleRows: { type: 'integer', minimum: 1, description: 'Profile only the first n rows' },
  },
} as const;

/** An engine error about the sample, as a 400 that names the sample rather than a temporary file. */
function asBadRequest(err: unknown, path: string, format: string): unknown {
  if (!(err instanceof PlatformError) || err.retriable || !err.code.startsWith('CHURN_VALIDATION_')) return err;
  const label = `the ${format} sample`;
  const context = Object.fromEntries(Object.entries(err.context).map(([k, v]) => [k, v === path ? label : v]));
  return new PlatformError(err.code, err.message.replaceAll(path, label), { context, statusCode: 400, cause: err });
}

/**
 * `POST /suites/suggest`: a starting expectation suite for a new source from a
 * sample posted in the body (see suggestSuite), answered as an
 * expectation-suites file `{ suites: [suite] }` ready to review and merge.
 */
export async function suggestRoutes(app: FastifyInstance, _ctx: ServiceContext): Promise<void> {
  app.post<{ Body: SuggestBody }>(
    '/suites/suggest',
    {
      schema: {
        tags: ['validator'],
        summary: 'Suggest an expectation suite from a sample of a source',
        description:
          'Profiles the posted sample with the validation engine and suggests per column the narrowest type, required, enum, ' +
          'email/uuid format or id pattern and widened min/max, plus row-count, key-unique, completeness and PSI checks. ' +
          'Validating the same sample with the suggestion quarantines no row. 400 for a bad body or a sample the engine cannot read ' +
          '(CHURN_VALIDATION_MALFORMED_CSV, _BAD_HEADER, _BAD_ENCODING, _UNSUITABLE_SAMPLE, _INVALID_OPTIONS).',
        body: bodySchema,
        response: {
          200: { type: 'object', additionalProperties: true, description: 'An expectation-suites file holding the suggested suite: { suites: [suite] }' },
          400: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const { source, format, content, key, sampleRows } = request.body;
      const dir = await mkdtemp(join(tmpdir(), 'suggest-suite-'));
      const path = join(dir, `sample.${format}`);
      try {
        await writeFile(path, content);
        const suite = await suggestSuite({ source, inputs: [{ path, format }], ...(key ? { key } : {}), ...(sampleRows ? { sampleRows } : {}) });
        return { suites: [suite] };
      } catch (err) {
        throw asBadRequest(err, path, format);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
