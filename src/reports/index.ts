// The public surface of reports/. Nothing else imports it but the app module.
export { ReportsModule } from './reports.module.js';
