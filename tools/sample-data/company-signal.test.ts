import { describe, expect, it } from 'vitest';
import { classificationMetrics, fitStandardScaler, predictProba, stratifiedSplit, takeRows, trainLogisticRegression, transform } from '@churn/ml';
import { createSampleCompany, type SampleCompany } from '@churn/sample-data';

// Lives in tools/ because @churn/ml already depends on @churn/sample-data (its tests), so the
// library cannot import @churn/ml back without a project-graph cycle.

const DAY = 86_400_000;
const toDay = (iso: unknown): number | undefined => {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  const t = Date.parse(iso.slice(0, 10));
  return Number.isFinite(t) ? Math.floor(t / DAY) : undefined;
};
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Per-customer aggregates an analyst would build from the raw sources (defects included), plus the label. */
function aggregates(company: SampleCompany, n: number): { X: number[][]; y: number[] } {
  const asOf = toDay(company.options.asOf)!;
  const usage = new Map<string, number[]>();
  for (const row of company.usageRows({ to: n })) {
    const days = usage.get(row.customer_id) ?? [];
    days.push(toDay(row.day)!);
    usage.set(row.customer_id, days);
  }
  const crm = new Map<string, Record<string, string>>();
  for (const row of company.crmRows({ to: n })) crm.set(row.customer_id, row);
  const { billing_invoices: invoices, support_tickets: tickets, cancellations } = company.collections;
  const perInvoice = invoices.size / company.options.customers;
  const perTicket = tickets.size / company.options.customers;
  const X: number[][] = [];
  const y: number[] = [];
  for (let j = 0; j < n; j += 1) {
    const id = `C${String(j + 1).padStart(7, '0')}`;
    const c = crm.get(id)!;
    const bills = Array.from({ length: perInvoice - 1 }, (_, m) => invoices.get(j * perInvoice + m)).filter((b) => b !== undefined);
    const failed = bills.filter((b) => b.status === 'failed').length;
    const late = bills.filter((b) => b.status === 'late').length;
    const amounts = bills.map((b) => num(b.amount)).filter((a): a is number => a !== undefined && a > 0 && a < 1000);
    const rise = amounts.length >= 2 ? Math.min(1, Math.max(-0.5, Math.min(...amounts.slice(-2)) / Math.min(...amounts.slice(0, 2)) - 1)) : 0;
    const tks = Array.from({ length: perTicket - 1 }, (_, k) => tickets.get(j * perTicket + k)).filter((t) => t !== undefined);
    const scores = tks.map((t) => num(t.satisfaction)).filter((s): s is number => s !== undefined && s >= 1 && s <= 5);
    const days = usage.get(id) ?? [];
    let trend = 0;
    if (days.length > 0) {
      const anchor = Math.max(...days);
      const recent = days.filter((d) => d > anchor - 30).length / 30;
      const earlierSpan = anchor - 30 - Math.max(anchor - 90, asOf - 90);
      const earlier = days.filter((d) => d <= anchor - 30).length;
      if (earlierSpan >= 14) trend = Math.log((recent + 0.05) / (earlier / earlierSpan + 0.05));
    }
    const signup = toDay(c.signup_date);
    X.push([
      c.contract === 'Month-to-month' ? 1 : 0,
      c.contract === 'One year' ? 1 : 0,
      c.payment_method === 'Electronic check' ? 1 : 0,
      c.internet_service === 'Fiber optic' ? 1 : 0,
      c.internet_service !== 'No' && c.tech_support === 'No' ? 1 : 0,
      signup === undefined ? 2.5 : Math.log1p(Math.max(0, (asOf - signup) / 30.44)),
      failed,
      bills.length > 0 ? (failed + late) / bills.length : 0,
      rise,
      tks.length,
      tks.filter((t) => t.status === 'open').length,
      scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : 4,
      trend,
    ]);
    y.push(cancellations.get(j * 2) !== undefined ? 1 : 0);
  }
  return { X, y };
}

describe('learnable churn signal in the generated sources', () => {
  it('a logistic regression on simple aggregates reaches a holdout ROC-AUC between 0.72 and 0.93', () => {
    const company = createSampleCompany({ customers: 3000, seed: 7 });
    const { X, y } = aggregates(company, 3000);
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.3);
    const { trainIdx, testIdx } = stratifiedSplit(y, { testFraction: 0.25, seed: 7 });
    const scaler = fitStandardScaler(takeRows(X, trainIdx));
    const model = trainLogisticRegression(transform(scaler, takeRows(X, trainIdx)), takeRows(y, trainIdx), { l2: 1 });
    expect(model.converged).toBe(true);
    const proba = predictProba(model, transform(scaler, takeRows(X, testIdx)));
    const { roc_auc: auc } = classificationMetrics(takeRows(y, testIdx), proba);
    console.log(`churn rate ${rate.toFixed(3)}, holdout ROC-AUC ${auc.toFixed(3)}, coefficients ${model.coefficients.map((c) => c.toFixed(2)).join(' ')}`);
    expect(auc).toBeGreaterThan(0.72);
    expect(auc).toBeLessThan(0.93);
  });
});
