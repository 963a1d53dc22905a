import type { FromSchema } from 'json-schema-to-ts';
import type { rawManifestSchema } from './manifest.schema';

/** The manifest of one ingestion run (see rawManifestSchema). */
export type RawManifest = FromSchema<typeof rawManifestSchema>;
