// The public surface of api-clients/. Other modules import only this file.
export { ApiClientsModule } from './api-clients.module.js';
