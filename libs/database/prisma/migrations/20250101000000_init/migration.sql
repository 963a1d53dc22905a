-- CreateTable
CREATE TABLE "pipeline_runs" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "pipeline_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage_runs" (
    "run_id" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "rows_in" INTEGER NOT NULL DEFAULT 0,
    "rows_out" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error" JSONB,
    "output" JSONB,

    CONSTRAINT "stage_runs_pkey" PRIMARY KEY ("run_id","stage")
);

-- CreateTable
CREATE TABLE "artifacts" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "run_id" TEXT NOT NULL,
    "producer" TEXT NOT NULL,
    "parent_ids" TEXT[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feature_sets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "run_id" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "source_artifact_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_features" (
    "feature_set_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "tenure_months" DOUBLE PRECISION NOT NULL,
    "monthly_charges" DOUBLE PRECISION NOT NULL,
    "total_charges" DOUBLE PRECISION NOT NULL,
    "avg_monthly_spend" DOUBLE PRECISION NOT NULL,
    "charge_increase_ratio" DOUBLE PRECISION NOT NULL,
    "services_count" INTEGER NOT NULL,
    "is_month_to_month" INTEGER NOT NULL,
    "has_fiber" INTEGER NOT NULL,
    "is_auto_pay" INTEGER NOT NULL,
    "support_calls_per_year" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "customer_features_pkey" PRIMARY KEY ("feature_set_id","customer_id")
);

-- CreateTable
CREATE TABLE "online_features" (
    "feature_view" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "feature_set_version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "online_features_pkey" PRIMARY KEY ("feature_view","entity_key")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "run_id" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "feature_names" JSONB NOT NULL,
    "artifact_key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "feature_set_id" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "artifacts_key_key" ON "artifacts"("key");

-- CreateIndex
CREATE INDEX "artifacts_run_id_idx" ON "artifacts"("run_id");

-- CreateIndex
CREATE INDEX "artifacts_sha256_idx" ON "artifacts"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "feature_sets_name_version_key" ON "feature_sets"("name", "version");

-- CreateIndex
CREATE INDEX "customer_features_customer_id_idx" ON "customer_features"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "models_name_version_key" ON "models"("name", "version");

-- AddForeignKey
ALTER TABLE "stage_runs" ADD CONSTRAINT "stage_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "pipeline_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_features" ADD CONSTRAINT "customer_features_feature_set_id_fkey" FOREIGN KEY ("feature_set_id") REFERENCES "feature_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
