// The preparer service as its own process (distributed mode). Wiring lives in @churn/preparation.
import { runStandalone } from '@churn/service';
import { preparationService } from '@churn/preparation';

await runStandalone(preparationService);
