import onnxProto from 'onnx-proto';
import { ML_ERROR_CODES, mlError } from './errors';
import { optionsValidator } from './options';

const { onnx } = onnxProto;

/** What {@link exportLogisticRegressionOnnx} needs: the fitted scaler and model plus identity. */
export interface OnnxExportInput {
  featureNames: string[];
  scaler: { mean: number[]; scale: number[] };
  coefficients: number[];
  intercept: number;
  modelName: string;
  modelVersion: string;
  /** Extra string metadata stored in the model's metadata_props. */
  metadata?: Record<string, string>;
}

/** Names of the graph's input and outputs, for callers building feeds by hand. */
export const ONNX_IO = { input: 'features', label: 'label', probabilities: 'probabilities' } as const;

/** metadata_props keys written by the exporter (user metadata may not override them). */
export const ONNX_METADATA_KEYS = {
  featureNames: 'feature_names',
  modelName: 'model_name',
  modelVersion: 'model_version',
} as const;

export const ONNX_PRODUCER = 'churn-platform';

const validateInput = optionsValidator<OnnxExportInput>('ONNX export input', {
  type: 'object',
  properties: {
    featureNames: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
    scaler: {
      type: 'object',
      properties: {
        mean: { type: 'array', items: { type: 'number' } },
        scale: { type: 'array', items: { type: 'number' } },
      },
      required: ['mean', 'scale'],
      additionalProperties: false,
    },
    coefficients: { type: 'array', items: { type: 'number' } },
    intercept: { type: 'number' },
    modelName: { type: 'string', minLength: 1 },
    modelVersion: { type: 'string', minLength: 1 },
    metadata: { type: 'object', required: [], additionalProperties: { type: 'string' }, nullable: true },
  },
  required: ['featureNames', 'scaler', 'coefficients', 'intercept', 'modelName', 'modelVersion'],
  additionalProperties: false,
});

/**
 * Serialises scaler + binary logistic regression as an ONNX model:
 * `features` float[N,F] → ai.onnx.ml.Scaler → ai.onnx.ml.LinearClassifier →
 * `label` int64[N] and `probabilities` float[N,2] (columns: class 0, class 1).
 *
 * LinearClassifier gets two coefficient rows (−w, w) and intercepts (−b, b)
 * with post_transform LOGISTIC, so the scores are exactly [σ(−z), σ(z)] =
 * [1 − p, p]; the single-row binary form has runtime-specific semantics.
 */
export function exportLogisticRegressionOnnx(input: OnnxExportInput): Uint8Array {
  const spec = validateInput(input);
  const width = spec.featureNames.length;
  for (const [name, values] of [
    ['scaler.mean', spec.scaler.mean],
    ['scaler.scale', spec.scaler.scale],
    ['coefficients', spec.coefficients],
  ] as const) {
    if (values.length !== width) {
      throw mlError(ML_ERROR_CODES.dimensionMismatch, `${name} has ${values.length} values for ${width} features`, {
        name,
        values: values.length,
        features: width,
      });
    }
  }
  const all = [...spec.scaler.mean, ...spec.scaler.scale, ...spec.coefficients, spec.intercept];
  if (!all.every(Number.isFinite) || spec.scaler.scale.some((s) => s === 0)) {
    throw mlError(ML_ERROR_CODES.invalidValue, 'scaler and coefficients must be finite, scale non-zero');
  }

  const scalerNode = onnx.NodeProto.create({
    name: 'scaler',
    opType: 'Scaler',
    domain: 'ai.onnx.ml',
    input: [ONNX_IO.input],
    output: ['scaled'],
    attribute: [floatsAttr('offset', spec.scaler.mean), floatsAttr('scale', spec.scaler.scale.map((s) => 1 / s))],
  });
  const classifierNode = onnx.NodeProto.create({
    name: 'linear_classifier',
    opType: 'LinearClassifier',
    domain: 'ai.onnx.ml',
    input: ['scaled'],
    output: [ONNX_IO.label, ONNX_IO.probabilities],
    attribute: [
      floatsAttr('coefficients', [...spec.coefficients.map((w) => -w), ...spec.coefficients]),
      floatsAttr('intercepts', [-spec.intercept, spec.intercept]),
      intsAttr('classlabels_ints', [0, 1]),
      stringAttr('post_transform', 'LOGISTIC'),
    ],
  });
  const graph = onnx.GraphProto.create({
    name: spec.modelName,
    node: [scalerNode, classifierNode],
    input: [valueInfo(ONNX_IO.input, onnx.TensorProto.DataType.FLOAT, ['N', width])],
    output: [
      valueInfo(ONNX_IO.label, onnx.TensorProto.DataType.INT64, ['N']),
      valueInfo(ONNX_IO.probabilities, onnx.TensorProto.DataType.FLOAT, ['N', 2]),
    ],
  });
  const metadata: Record<string, string> = {
    ...spec.metadata,
    [ONNX_METADATA_KEYS.featureNames]: JSON.stringify(spec.featureNames),
    [ONNX_METADATA_KEYS.modelName]: spec.modelName,
    [ONNX_METADATA_KEYS.modelVersion]: spec.modelVersion,
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: ONNX_PRODUCER,
    producerVersion: spec.modelVersion,
    domain: 'churn',
    docString: `${spec.modelName} ${spec.modelVersion}: standard scaler + logistic regression`,
    opsetImport: [
      onnx.OperatorSetIdProto.create({ domain: '', version: 17 }),
      onnx.OperatorSetIdProto.create({ domain: 'ai.onnx.ml', version: 3 }),
    ],
    graph,
    metadataProps: Object.entries(metadata)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

function floatsAttr(name: string, floats: number[]) {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOATS, floats });
}

function intsAttr(name: string, ints: number[]) {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });
}

function stringAttr(name: string, value: string) {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) });
}

function valueInfo(name: string, elemType: number, dims: Array<string | number>) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) =>
            typeof d === 'string'
              ? onnx.TensorShapeProto.Dimension.create({ dimParam: d })
              : onnx.TensorShapeProto.Dimension.create({ dimValue: d }),
          ),
        }),
      }),
    }),
  });
}
