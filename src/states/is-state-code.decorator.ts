import { IsIn } from 'class-validator';
import { STATE_CODES } from './state-codes.js';

/** One of the 16 ISO 3166-2 codes (`DE-SN`); the message names the field. */
export function IsStateCode(): PropertyDecorator {
  return IsIn(STATE_CODES, { message: '$property must be one of the ISO 3166-2 state codes DE-SH … DE-TH' });
}
