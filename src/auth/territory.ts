import { Problems } from '../common/problems/problem.exception.js';
import { mayWriteAt, type Place } from './access-rule.js';
import type { Caller } from './caller.js';

/** 403 unless the caller may write at this place (see `mayWriteAt`). */
export function assertMayWriteAt(caller: Caller, place: Place): void {
  if (!mayWriteAt(caller, place)) {
    throw Problems.forbidden(
      caller.kind === 'client'
        ? 'this municipality lies outside the states and regions of this API client'
        : 'this municipality lies outside your regions',
    );
  }
}
