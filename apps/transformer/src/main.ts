// The transformer service as its own process (distributed mode). Wiring lives in @churn/transformation.
import { runStandalone } from '@churn/service';
import { transformationService } from '@churn/transformation';

await runStandalone(transformationService);
