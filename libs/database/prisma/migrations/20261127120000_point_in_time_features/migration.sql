-- Point-in-time offline store: one row per feature-set version, customer and
-- observation time (event_timestamp), so training rows can be joined "as of"
-- their own time. The walking-skeleton rows (one per customer, other columns)
-- cannot be converted, so the table is recreated; feature_sets keeps their
-- entries as history and their snapshots stay in the lake.

-- DropTable
DROP TABLE "customer_features";

-- CreateTable
CREATE TABLE "customer_features" (
    "feature_set_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "tenure_months" DOUBLE PRECISION NOT NULL,
    "monthly_fee" DOUBLE PRECISION NOT NULL,
    "fee_change_pct_6m" DOUBLE PRECISION NOT NULL,
    "spend_180d" DOUBLE PRECISION NOT NULL,
    "is_month_to_month" INTEGER NOT NULL,
    "is_two_year" INTEGER NOT NULL,
    "has_fiber" INTEGER NOT NULL,
    "has_no_internet" INTEGER NOT NULL,
    "is_auto_pay" INTEGER NOT NULL,
    "pays_electronic_check" INTEGER NOT NULL,
    "paperless_billing" INTEGER NOT NULL,
    "services_count" INTEGER NOT NULL,
    "tech_support" INTEGER NOT NULL,
    "invoices_late_90d" INTEGER NOT NULL,
    "overdue_invoices" INTEGER NOT NULL,
    "avg_days_late_90d" DOUBLE PRECISION NOT NULL,
    "tickets_30d" INTEGER NOT NULL,
    "open_tickets" INTEGER NOT NULL,
    "avg_satisfaction_90d" DOUBLE PRECISION NOT NULL,
    "usage_active_days_30d" INTEGER NOT NULL,
    "usage_minutes_trend" DOUBLE PRECISION NOT NULL,
    "days_since_last_use" INTEGER NOT NULL,

    CONSTRAINT "customer_features_pkey" PRIMARY KEY ("feature_set_id","customer_id","event_timestamp")
);

-- CreateIndex
CREATE INDEX "customer_features_customer_id_idx" ON "customer_features"("customer_id");

-- CreateIndex
CREATE INDEX "customer_features_feature_set_id_event_timestamp_idx" ON "customer_features"("feature_set_id", "event_timestamp");

-- AddForeignKey
ALTER TABLE "customer_features" ADD CONSTRAINT "customer_features_feature_set_id_fkey" FOREIGN KEY ("feature_set_id") REFERENCES "feature_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
