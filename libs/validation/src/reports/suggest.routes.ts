import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { sampleColumns, withSuggestedNames } from '../suites/suggest-columns';
import { suggestSuite, type SuggestColumns } from '../suites/suggest-suite';
import { SUITE_NAME_PATTERN } from '../suites/suites-schema';

interface SuggestBody {
  source: string;
  format: 'csv' | 'ndjson';
  content: string;
  columns?: SuggestColumns;
  renameColumns?: boolean;
  key?: string[];
  sampleRows?: number;
}

const name = { type: 'string', pattern: SUITE_NAME_PATTERN } as const;
const TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;

const columnsSchema = {
  type: 'object',
  additionalProperties: false,
  description: "The source's `columns` as in sources.json: the suite is suggested on the renamed columns, dropped ones left out, `types` taken as they are",
  properties: {
    rename: { type: 'object', additionalProperties: { type: 'string' }, description: 'Raw header -> column name' },
    drop: { type: 'array', items: { type: 'string' }, description: 'Raw columns left out' },
    types: { type: 'object', additionalProperties: { type: 'string', enum: TYPES }, description: 'Column name -> type' },
  },
} as const;

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'format', 'content'],
  properties: {
    source: { ...name, description: 'The source the suite is for' },
    format: { type: 'string', enum: ['csv', 'ndjson'] },
    content: { type: 'string', minLength: 1, description: 'The sample itself: CSV with a header row, or NDJSON (the request is capped at 10 MB)' },
    columns: columnsSchema,
    renameColumns: {
      type: 'boolean',
      default: false,
      description: 'Propose a snake_case name (customerID -> customer_id) for every header a suite cannot hold that `columns` does not map; the mapping used is answered in `columns`',
    },
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
 * expectation-suites file `{ suites: [suite] }` ready to review and merge, plus
 * `columns` (the mapping for the source's sources.json) when one was given or
 * proposed.
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
          'With `columns` (the source\'s mapping in sources.json) the suite is on the renamed columns; with `renameColumns` headers a suite ' +
          'cannot hold get snake_case names, answered in `columns`. ' +
          'Validating the same sample with the suggestion quarantines no row. 400 for a bad body or a sample the engine cannot read ' +
          '(CHURN_VALIDATION_MALFORMED_CSV, _BAD_HEADER, _BAD_ENCODING, _UNSUITABLE_SAMPLE, _INVALID_OPTIONS).',
        body: bodySchema,
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            description: "An expectation-suites file holding the suggested suite: { suites: [suite] }, and `columns`: the mapping to put in the source's sources.json entry, when there is one",
          },
          400: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const { source, format, content, key, sampleRows, renameColumns } = request.body;
      const dir = await mkdtemp(join(tmpdir(), 'suggest-suite-'));
      const path = join(dir, `sample.${format}`);
      try {
        await writeFile(path, content);
        const inputs = [{ path, format }];
        const given = request.body.columns ?? {};
        const columns = renameColumns ? withSuggestedNames(await sampleColumns(inputs), given) : given;
        const suite = await suggestSuite({ source, inputs, columns, ...(key ? { key } : {}), ...(sampleRows ? { sampleRows } : {}) });
        return { suites: [suite], ...(Object.keys(columns).length > 0 ? { columns } : {}) };
      } catch (err) {
        throw asBadRequest(err, path, format);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
