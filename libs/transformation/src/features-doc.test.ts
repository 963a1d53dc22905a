import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject } from '@churn/project';
import { featuresMarkdown, projectFeaturesMarkdown } from './features-doc';

const load = (name: string) => loadProject(fileURLToPath(new URL(`../../../projects/${name}`, import.meta.url)));

describe('features documentation', () => {
  const sample = projectFeaturesMarkdown(load('sample-company'));

  it('lists every feature of every view with its kind, dtype, description, dataset and window, owner and tags', () => {
    expect(sample).toContain('## sample-company');
    expect(sample).toContain('### customer_features');
    expect(sample).toContain(
      '| `tickets_30d` | window | int | Support tickets opened in the 30 days before T | `support_tickets`: `count`, opened_at in [T − 30 d, T) | data-team@sample-company.example | support |',
    );
    expect(sample).toContain('| `latest_invoice_amount` | window (internal) | float |');
    expect(sample).toContain('`billing_invoices`: `latest(amount)`, issued_date < T − 182 d');
    expect(sample).toContain('`customers.signup_date` to T, in months; rounded to 2');
  });

  it('escapes the pipes of expressions so that tables keep their columns', () => {
    const row = sample.split('\n').find((l) => l.startsWith('| `overdue_invoices`'))!;
    expect(row).toContain('is_null(paid_date) \\|\\| paid_date >= T');
    expect(row.split(/(?<!\\)\|/).length).toBe(9);
  });

  it('makes one document with a section per project', () => {
    const doc = featuresMarkdown([load('sample-company'), load('telco')]);
    expect(doc.startsWith('# Features\n')).toBe(true);
    expect(doc.indexOf('## sample-company')).toBeLessThan(doc.indexOf('## telco'));
    expect(doc).toContain('Label: status: `churn` is one of `Yes`');
  });
});
