// The ingestion service as its own process (distributed mode). Wiring lives in @churn/ingestion.
import { runStandalone } from '@churn/service';
import { ingestionService } from '@churn/ingestion';

await runStandalone(ingestionService);
