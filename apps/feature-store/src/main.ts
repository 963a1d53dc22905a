// The feature-store service as its own process (distributed mode). Wiring lives in @churn/feature-store.
import { runStandalone } from '@churn/service';
import { featureStoreService } from '@churn/feature-store';

await runStandalone(featureStoreService);
