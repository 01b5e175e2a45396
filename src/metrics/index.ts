// The public surface of metrics/.
export { MetricsModule } from './metrics.module.js';
export { Metrics } from './metrics.js';
export { mountMetrics } from './metrics-endpoint.js';
