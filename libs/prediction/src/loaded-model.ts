import { PlatformError, sha256Hex } from '@churn/core';
import { createOnnxScorer, type OnnxScorer } from '@churn/ml';
import type { RegisteredModel } from '@churn/model-registry';
import type { ObjectStore } from '@churn/storage';

/** A registry entry with its ONNX session open. */
export interface LoadedModel {
  model: RegisteredModel;
  scorer: OnnxScorer;
}

/** Fetches a model's ONNX bytes from the lake, checks them against the registry's hash and opens a session. */
export async function loadModel(storage: ObjectStore, model: RegisteredModel): Promise<LoadedModel> {
  const bytes = await storage.getBuffer(model.artifactKey);
  const actual = sha256Hex(bytes);
  if (actual !== model.sha256) {
    throw new PlatformError('CHURN_PREDICTION_MODEL_CORRUPT', `model ${model.name} v${model.version} does not match its registered hash`, {
      context: { key: model.artifactKey, expected: model.sha256, actual },
    });
  }
  return { model, scorer: await createOnnxScorer(bytes) };
}

/**
 * Holds the model being served and swaps it atomically: a request in flight
 * keeps the session it started with; the old session closes after a grace period.
 */
export function createModelHolder() {
  let current: LoadedModel | undefined;
  return {
    get(): LoadedModel | undefined {
      return current;
    },
    swap(next: LoadedModel): void {
      const previous = current;
      current = next;
      if (previous) setTimeout(() => void previous.scorer.close(), 30_000).unref();
    },
    async close(): Promise<void> {
      await current?.scorer.close();
      current = undefined;
    },
  };
}

export type ModelHolder = ReturnType<typeof createModelHolder>;
