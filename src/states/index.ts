// The public surface of states/. Other modules import only this file.
export { StatesModule } from './states.module.js';
export { STATE_CODE_BY_AGS_PREFIX, STATE_CODES } from './state-codes.js';
export { IsStateCode } from './is-state-code.decorator.js';
