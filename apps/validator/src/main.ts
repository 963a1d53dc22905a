// The validator service as its own process (distributed mode). Wiring lives in @churn/validation.
import { runStandalone } from '@churn/service';
import { validationService } from '@churn/validation';

await runStandalone(validationService);
