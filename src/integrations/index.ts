// The public surface of integrations/.
export { IntegrationsModule } from './integrations.module.js';
export { ExternalRef } from './external-ref.entity.js';
