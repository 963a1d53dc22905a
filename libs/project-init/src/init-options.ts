import { Ajv } from 'ajv';
import { initErrors } from './errors';

/** Options of {@link initProject}. */
export interface InitProjectOptions {
  /** Folder holding the CSV files, one table each. */
  input: string;
  /** Project folder to write (`projects/<name>`); the CSV files are copied into its `data/`. */
  out: string;
  /** Project name; default the out folder's name, as a slug. */
  name?: string;
  /** The entity table (file or table name); default the table whose key most others hold. */
  entity?: string;
  /** `<table>.<column>` (optionally `=<churned value>`): a date column makes an event label, another a status label. */
  label?: string;
  /** Overwrite a project already in `out`. */
  force?: boolean;
  /** `yyyy-mm-dd` for project.json's description; default today (UTC). */
  today?: string;
  /** Rows DuckDB's sniffer reads to detect the dialect and header (default 20480). */
  sampleRows?: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['input', 'out'],
  properties: {
    input: { type: 'string', minLength: 1 },
    out: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    entity: { type: 'string', minLength: 1 },
    label: { type: 'string', pattern: '^[^.=]+\\.[^=]+(=.*)?$' },
    force: { type: 'boolean' },
    today: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    sampleRows: { type: 'integer', minimum: 1 },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** The options, checked. @throws PlatformError CHURN_INIT_INVALID_OPTIONS naming every bad option. */
export function checkInitOptions(options: InitProjectOptions): Required<Pick<InitProjectOptions, 'input' | 'out' | 'today' | 'sampleRows'>> & InitProjectOptions {
  if (!validate(options)) {
    const problems = (validate.errors ?? []).map((e) =>
      e.instancePath === '/label' && e.keyword === 'pattern'
        ? 'label must be <table>.<column> or <table>.<column>=<churned value>'
        : e.keyword === 'additionalProperties'
          ? `unknown option ${(e.params as { additionalProperty: string }).additionalProperty}`
          : `${e.instancePath.slice(1) || 'options'} ${e.message ?? 'is invalid'}`,
    );
    throw initErrors.invalidOptions(`invalid init options: ${problems.join('; ')}`, { problems });
  }
  return { ...options, today: options.today ?? new Date().toISOString().slice(0, 10), sampleRows: options.sampleRows ?? 20_480 };
}
