export { platformServices, pipelineStages } from './platform-services';
export { requestPipelineRun } from './request-run';
export { summarizeRun, waitForRun } from './run-summary';
export type { RunSummary, StageSummary } from './run-summary';
export { runPipelineCli } from './run-pipeline-cli';
