/** The injection token of practice/'s configuration (`PracticeConfig`). */
export const PRACTICE_CONFIG = Symbol('PRACTICE_CONFIG');
