import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { ML_ERROR_CODES, mlError } from './errors';
import { assertMatrix } from './matrix';
import { ONNX_IO, ONNX_METADATA_KEYS } from './onnx-export';

const { onnx } = onnxProto;

/** A loaded ONNX churn model that scores feature rows. */
export interface OnnxScorer {
  /** Feature order the model expects, from its metadata. */
  featureNames: string[];
  /** All metadata_props of the model. */
  metadata: Record<string, string>;
  /** P(class 1) per row; rows must follow `featureNames`. */
  predictProba(rows: number[][]): Promise<number[]>;
  /** Frees the native session; later calls fail with CHURN_ML_SCORER_CLOSED. */
  close(): Promise<void>;
}

/**
 * Loads a model produced by `exportLogisticRegressionOnnx` into an
 * onnxruntime CPU session. Metadata is read from the protobuf itself because
 * onnxruntime-node does not expose custom metadata_props.
 */
export async function createOnnxScorer(bytes: Uint8Array): Promise<OnnxScorer> {
  const { metadata, featureNames } = readMetadata(bytes);
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (cause) {
    throw mlError(ML_ERROR_CODES.invalidModel, 'onnxruntime could not load the model', {}, cause);
  }
  for (const name of [ONNX_IO.probabilities]) {
    if (!session.outputNames.includes(name) || !session.inputNames.includes(ONNX_IO.input)) {
      await session.release();
      throw mlError(ML_ERROR_CODES.invalidModel, `model lacks input '${ONNX_IO.input}' or output '${name}'`, {
        inputs: session.inputNames,
        outputs: session.outputNames,
      });
    }
  }
  const width = featureNames.length;

  return {
    featureNames,
    metadata,
    async predictProba(rows: number[][]): Promise<number[]> {
      if (session === undefined) throw mlError(ML_ERROR_CODES.scorerClosed, 'scorer is closed');
      if (rows.length === 0) return [];
      assertMatrix(rows, 'rows', width);
      const data = new Float32Array(rows.length * width);
      rows.forEach((row, i) => data.set(row, i * width));
      let output: ort.InferenceSession.OnnxValueMapType;
      try {
        const feeds = { [ONNX_IO.input]: new ort.Tensor('float32', data, [rows.length, width]) };
        output = await session.run(feeds, [ONNX_IO.probabilities]);
      } catch (cause) {
        throw mlError(ML_ERROR_CODES.inferenceFailed, 'onnxruntime inference failed', { rows: rows.length }, cause);
      }
      const probabilities = output[ONNX_IO.probabilities]!.data as Float32Array;
      return Array.from({ length: rows.length }, (_, i) => probabilities[i * 2 + 1]!);
    },
    async close(): Promise<void> {
      const open = session;
      session = undefined;
      await open?.release();
    },
  };
}

function readMetadata(bytes: Uint8Array): { metadata: Record<string, string>; featureNames: string[] } {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (cause) {
    throw mlError(ML_ERROR_CODES.invalidModel, 'bytes are not an ONNX ModelProto', { bytes: bytes.length }, cause);
  }
  const metadata: Record<string, string> = {};
  for (const entry of model.metadataProps) {
    if (entry.key) metadata[entry.key] = entry.value ?? '';
  }
  const raw = metadata[ONNX_METADATA_KEYS.featureNames];
  let featureNames: unknown;
  try {
    featureNames = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    featureNames = undefined;
  }
  if (!Array.isArray(featureNames) || featureNames.length === 0 || !featureNames.every((n) => typeof n === 'string')) {
    throw mlError(ML_ERROR_CODES.invalidModel, `model metadata lacks a JSON '${ONNX_METADATA_KEYS.featureNames}' list`);
  }
  return { metadata, featureNames };
}
