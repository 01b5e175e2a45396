import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import type { Caller } from './caller.js';

/** Response classes and their personal contact fields (emails, phone numbers, contact notes). */
const PERSONAL_FIELDS = new Map<object, Set<string>>();

/**
 * Marks a response field as personal contact data. The one rule about such data lives in
 * `PersonalContactInterceptor`: analysts never receive it, in any response, their own included.
 * Response objects carry their class (`Object.assign(new XResponse(), …)`) so the rule finds the marks.
 */
export function PersonalContact(): PropertyDecorator {
  return (target, property) => {
    const fields = PERSONAL_FIELDS.get(target.constructor) ?? new Set<string>();
    fields.add(String(property));
    PERSONAL_FIELDS.set(target.constructor, fields);
  };
}

/** Personal contact data (emails, phone numbers) is shown to everyone but analysts. */
export function seesPersonalContacts(caller: Caller | undefined): boolean {
  return !(caller?.kind === 'user' && caller.role === 'analyst');
}

/** The body as a caller who may not see personal contact data receives it. */
export function withoutPersonalContacts(body: unknown, depth = 0): unknown {
  if (depth > 8 || body === null || typeof body !== 'object' || body instanceof Date) return body;
  if (Array.isArray(body)) return body.map((item) => withoutPersonalContacts(item, depth + 1));
  const hidden = personalFieldsOf(body);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!hidden.has(key)) result[key] = withoutPersonalContacts(value, depth + 1);
  }
  return result;
}

function personalFieldsOf(value: object): Set<string> {
  const fields = new Set<string>();
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype;) {
    for (const field of PERSONAL_FIELDS.get(proto.constructor) ?? []) fields.add(field);
    proto = Object.getPrototypeOf(proto);
  }
  return fields;
}

@Injectable()
export class PersonalContactInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = context.switchToHttp().getRequest<Request & { user?: Caller }>().user;
    if (seesPersonalContacts(caller)) return next.handle();
    return next.handle().pipe(map((body) => withoutPersonalContacts(body)));
  }
}
