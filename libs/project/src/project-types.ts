/**
 * Types of a project folder (`projects/<name>/`): everything a company declares about its data. The files:
 * `project.json` (name, entity, label, model), `sources.json` (ingestion), `expectations.json` (validation),
 * `datasets.json` (preparation) and `features.json` (feature views). Every stage reads the project; no engine
 * code names a source, column or feature of any company.
 */

/** The thing predictions are about (a customer, an account): its key column and the dataset that lists it. */
export interface EntityDeclaration {
  /** Singular noun, e.g. `customer`. */
  name: string;
  /** Key column of the entity dataset, and the entity key of every feature view and prediction request. */
  key: string;
  /** The dataset with one row per entity. */
  dataset: string;
  /**
   * Date column of the entity dataset from which the entity is known (signup). With an event label, the
   * population at T is the entities known before T that have not churned since; required then.
   */
  since?: string;
}

/** A status column of the entity dataset (`Churn = Yes`, `Exited = 1`): a static snapshot, split in stratified random folds. */
export interface StatusLabel {
  kind: 'status';
  column: string;
  /** Values that mean "churned", compared as text (`"Yes"`, `1`, `true`); for a boolean column, through its true values. */
  positive: Array<string | number | boolean>;
}

/**
 * Churn events in an event dataset: a row observed at T is positive when an event of its entity falls in
 * [T, T + horizonDays). Training times step back `horizonDays` at a time from the serving time; the split is out of time.
 */
export interface EventLabel {
  kind: 'event';
  dataset: string;
  /** Date or timestamp column of the event. */
  time: string;
  horizonDays: number;
  /** Labelled training times before the serving time. */
  snapshots: number;
}

export type LabelDeclaration = StatusLabel | EventLabel;

export type Algorithm = 'logistic_regression';

/** What to train and how it is registered. */
export interface ModelDeclaration {
  /** Registry name, e.g. `customer-churn`. */
  name: string;
  /** The feature view the model is trained on and served from. */
  featureView: string;
  algorithms: Algorithm[];
  /** Share of rows held out (random split of a static label; ignored when the split is out of time). */
  testFraction: number;
  seed: number;
  /** L2 strength of logistic regression (scikit-learn's 1/C). */
  l2: number;
  /** Score at or above which a prediction is "will churn". */
  threshold: number;
}

/** `project.json`. */
export interface ProjectManifest {
  name: string;
  description: string;
  entity: EntityDeclaration;
  label: LabelDeclaration;
  model: ModelDeclaration;
}

// ---------------------------------------------------------------- datasets.json

export type ColumnRole = 'numeric' | 'categorical' | 'boolean' | 'date' | 'text' | 'id';

export type Imputation =
  | { strategy: 'mean' | 'median' | 'mode'; indicator?: boolean }
  | { strategy: 'constant'; value: string | number | boolean; indicator?: boolean }
  /** The median within groups of another column (e.g. the fee within the plan); the overall median for unseen groups. */
  | { strategy: 'group_median'; by: string; indicator?: boolean }
  /** The entity's previous value in event-time order (needs the dataset's `entity` and `eventTime`). */
  | { strategy: 'forward_fill'; indicator?: boolean }
  /** The value of `column` in `dataset`, whose key row is found through this dataset's `on` column. */
  | { strategy: 'lookup'; dataset: string; on: string; column: string; indicator?: boolean };

export type OutlierTreatment =
  /** Clip to the values at these quantiles of the fitted data. */
  | { winsorize: [number, number] }
  /** Add `<column>_outlier` (0/1): outside [q1 - k IQR, q3 + k IQR]. */
  | { flag: { k: number } };

export type Encoding =
  /** `<column>__<slug>` per category: the `top` most frequent (or the declared ones), the rest in `<column>__other`. */
  | { kind: 'one_hot'; top?: number }
  /** `<column>_code`: the position in `order` (default: the suite's enum, else the sorted categories seen), -1 for others. */
  | { kind: 'ordinal'; order?: string[] }
  | { kind: 'none' };

export type Scaling = 'standard' | 'minmax' | 'robust' | 'none';

/** How one column is prepared. Unlisted columns of the source are kept as the validator typed them. */
export interface ColumnPreparation {
  role: ColumnRole;
  impute?: Imputation;
  outliers?: OutlierTreatment;
  /** Categorical columns only; default none. */
  encode?: Encoding;
  /** Numeric columns only: adds `<column>_scaled`; default none. */
  scale?: Scaling;
  /**
   * Boolean columns: the values read as 1, every other present value 0 (compared trimmed and lower-cased). Default:
   * yes, y, true, 1, t are 1 and no, n, false, 0, f are 0; any other value fails preparation.
   */
  trueValues?: Array<string | number>;
}

/** How a dataset reaches the entity: its own column holding the entity key, or one lookup through another dataset. */
export type EntityLink = { column: string } | { through: { dataset: string; on: string } };

/** One clean dataset made from one validated source (`datasets.json`). */
export interface DatasetDeclaration {
  name: string;
  source: string;
  description?: string;
  /** Columns that identify a row. */
  key: string[];
  /** Date or timestamp column saying when a row happened; absent for snapshot tables. */
  eventTime?: string;
  /** How rows reach the entity; the entity dataset itself needs none. */
  entity?: EntityLink;
  /** Keep one row per key: the newest by `by`. */
  dedupe?: { by: string };
  columns: Record<string, ColumnPreparation>;
  /** Source columns left out of the dataset. */
  drop?: string[];
}

export interface DatasetsFile {
  datasets: DatasetDeclaration[];
}

// ---------------------------------------------------------------- features.json

export type FeatureDtype = 'float' | 'int';

export type WindowAggregation = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'latest' | 'distinct_count' | 'days_since_last' | 'trend';

/** Which events a window feature looks at: `days` before T (all history without it), ending `offsetDays` before T. */
export interface WindowSpec {
  days?: number;
  offsetDays?: number;
  /** The date or timestamp column the window bounds apply to; default the dataset's event time. */
  column?: string;
}

interface FeatureBase {
  /** Column-safe name, unique in its view; window features with `windows` become `<name>_<w>d`. */
  name: string;
  description: string;
  dtype: FeatureDtype;
  owner?: string;
  tags?: string[];
  /** An intermediate: computed for derived features, neither stored nor trained on. */
  internal?: boolean;
  /** Value when there is nothing to aggregate (or an attribute is null). */
  default?: number;
  /** Decimal places to round to, as JavaScript's Math.round does (half up). */
  round?: number;
}

/** A value of the entity's own row (current at T: the entity dataset is a snapshot). */
export interface AttributeFeature extends FeatureBase {
  kind: 'attribute';
  /** Expression over the entity dataset's prepared columns. */
  expr: string;
}

/** An aggregation of the events of one dataset before T. */
export interface WindowFeature extends FeatureBase {
  kind: 'window';
  dataset: string;
  agg: WindowAggregation;
  /** Expression over the dataset's columns (and `T`) that is aggregated; not needed by count and days_since_last. */
  expr?: string;
  /** Only rows where this expression over the dataset's columns (and `T`) is true. */
  filter?: string;
  window?: WindowSpec;
  /** Several features from one declaration, one per window length in days. */
  windows?: number[];
}

/** Days (default; or months of 30.44 days, or years of 365.25 days), fractional, from a date column of the entity dataset to T. */
export interface TenureFeature extends FeatureBase {
  kind: 'tenure';
  column: string;
  unit?: 'days' | 'months' | 'years';
}

/** An expression over other features of the view. */
export interface DerivedFeature extends FeatureBase {
  kind: 'derived';
  expr: string;
}

export type FeatureDeclaration = AttributeFeature | WindowFeature | TenureFeature | DerivedFeature;

/** A named group of features keyed by the project's entity. */
export interface FeatureViewDeclaration {
  name: string;
  description: string;
  owner?: string;
  tags?: string[];
  /** Online values older than this are served as expired. */
  ttlDays?: number;
  features: FeatureDeclaration[];
}

export interface FeaturesFile {
  views: FeatureViewDeclaration[];
}

// ---------------------------------------------------------------- sources.json and expectations.json (as the project sees them)

/** A source's column mapping, applied to raw data before validation so that real exports are accepted unedited. */
export interface SourceColumns {
  /** Raw header -> platform name (`customerID` -> `customer_id`). */
  rename?: Record<string, string>;
  /** Raw columns left out (before renaming). */
  drop?: string[];
  /** Type hints for the suite suggester and `init`, by platform name. */
  types?: Record<string, 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp'>;
}

/** The parts of a source declaration the project checks across files; ingestion validates the rest. */
export interface ProjectSource {
  name: string;
  kind: string;
  columns?: SourceColumns;
  /** CSV sources: how the file is written (ingestion keeps the bytes; the validator reads them with it). */
  csv?: { delimiter?: string; encoding?: string };
}

/** The parts of an expectation suite the project checks across files; validation validates the rest. */
export interface ProjectSuite {
  source: string;
  key?: string[];
  columns: Record<string, { type: string; enum?: Array<string | number> }>;
}

/** A loaded, checked project. */
export interface Project {
  /** Absolute path of the folder. */
  dir: string;
  /** Content hash of every declaration (sha256 of their canonical JSON): the same declarations, the same version. */
  version: string;
  manifest: ProjectManifest;
  sources: ProjectSource[];
  suites: ProjectSuite[];
  datasets: DatasetDeclaration[];
  views: FeatureViewDeclaration[];
  /** Paths of the files, for tools that hand them to the ingestion and validation loaders. */
  files: { project: string; sources: string; expectations: string; datasets: string; features: string };
}
