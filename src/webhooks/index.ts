// The public surface of webhooks/. Other modules import only this file.
export { WebhooksModule } from './webhooks.module.js';
