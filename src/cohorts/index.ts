// The public surface of cohorts/: transfer teams and cohorts. Nothing else imports from it.
export { CohortsModule } from './cohorts.module.js';
