// The public surface of health/.
export { HealthModule } from './health.module.js';
