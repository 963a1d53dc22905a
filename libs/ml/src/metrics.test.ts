import { describe, expect, it } from 'vitest';
import { classificationMetrics, rocAuc } from './metrics';

describe('classificationMetrics', () => {
  it('matches hand-computed values', () => {
    const y = [1, 1, 1, 0, 0, 0, 0, 1];
    const p = [0.9, 0.6, 0.4, 0.7, 0.2, 0.1, 0.5, 0.8];
    const m = classificationMetrics(y, p);
    // threshold 0.5 -> predicted 1 for 0.9, 0.6, 0.7, 0.5, 0.8
    expect(m.confusion).toEqual({ tp: 3, fp: 2, tn: 2, fn: 1 });
    expect(m.accuracy).toBe(5 / 8);
    expect(m.precision).toBe(3 / 5);
    expect(m.recall).toBe(3 / 4);
    expect(m.f1).toBeCloseTo((2 * 0.6 * 0.75) / 1.35, 12);
    expect(m.support).toBe(8);
    // pairs (pos, neg) ranked correctly: 0.9>all 4, 0.8>all 4, 0.6>{0.2,0.1,0.5}=3, 0.4>{0.2,0.1}=2 -> 13/16
    expect(m.roc_auc).toBe(13 / 16);
  });

  it('handles ties in ROC-AUC by counting half (classic 0.75 example)', () => {
    // sklearn docs example: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    // tie between a positive and a negative: pairs = (0.5 vs 0.5)=0.5, (0.5 vs 0.1)=1, (0.9 vs both)=2 -> 3.5/4
    expect(rocAuc([1, 0, 0, 1], [0.5, 0.5, 0.1, 0.9])).toBe(0.875);
    expect(rocAuc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
  });

  it('returns 0 on zero division', () => {
    const m = classificationMetrics([1, 0, 0], [0.1, 0.2, 0.3]);
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.accuracy).toBe(2 / 3);
  });

  it('respects the threshold and rejects invalid input', () => {
    expect(classificationMetrics([1, 0], [0.3, 0.2], 0.25).confusion).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
    expect(() => classificationMetrics([1, 1], [0.3, 0.2])).toThrow(expect.objectContaining({ code: 'CHURN_ML_SINGLE_CLASS' }));
    expect(() => classificationMetrics([1, 0], [0.3])).toThrow(expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }));
    expect(() => classificationMetrics([1, 2], [0.3, 0.1])).toThrow(expect.objectContaining({ code: 'CHURN_ML_INVALID_VALUE' }));
  });
});
