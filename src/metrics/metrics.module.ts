import { Module } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** Import it to count what a module sees (`Metrics`); `mountMetrics` serves them (app.factory.ts). */
@Module({
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
