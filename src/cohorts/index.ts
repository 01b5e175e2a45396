// The public surface of cohorts/: transfer teams and cohorts; practice/ asks it about a cohort.
export { CohortsModule } from './cohorts.module.js';
export { CohortDirectory, type CohortSubject } from './cohort-directory.js';
