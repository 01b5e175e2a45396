// The public surface of practice/: the community of practice. The demo seed uses its schedule rules.
export { PracticeModule } from './practice.module.js';
export { addMonths, followUpSchedule } from './practice-rules.js';
