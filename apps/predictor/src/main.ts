// The predictor service as its own process (distributed mode). Wiring lives in @churn/prediction.
import { runStandalone } from '@churn/service';
import { predictionService } from '@churn/prediction';

await runStandalone(predictionService);
