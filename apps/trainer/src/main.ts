// The trainer service as its own process (distributed mode). Wiring lives in @churn/training.
import { runStandalone } from '@churn/service';
import { trainingService } from '@churn/training';

await runStandalone(trainingService);
