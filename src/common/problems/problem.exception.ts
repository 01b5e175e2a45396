import { HttpException } from '@nestjs/common';
import { problemType, type FieldError } from './problem-details.js';

export interface ProblemInit {
  status: number;
  /** Short, stable slug naming the kind of problem, e.g. `region-in-use`. */
  slug: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  /** RFC 9457 extension members, e.g. `allowedTargets`. */
  extensions?: Record<string, unknown>;
}

/** An error that already knows how it is shown to the client. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title, problem.status);
  }

  get type(): string {
    return problemType(this.problem.slug);
  }
}

export const Problems = {
  notFound: (what: string, id: string) =>
    new ProblemException({
      status: 404,
      slug: 'not-found',
      title: 'Not found',
      detail: `${what} ${id} does not exist`,
    }),

  validation: (errors: FieldError[]) =>
    new ProblemException({
      status: 400,
      slug: 'validation-failed',
      title: 'Validation failed',
      detail: `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
      errors,
    }),

  unauthenticated: (detail: string) =>
    new ProblemException({ status: 401, slug: 'unauthenticated', title: 'Unauthenticated', detail }),

  forbidden: (detail: string, errors?: FieldError[]) =>
    new ProblemException({ status: 403, slug: 'forbidden', title: 'Forbidden', detail, errors }),

  conflict: (slug: string, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) =>
    new ProblemException({ status: 409, slug, title: 'Conflict', detail, errors, extensions }),

  preconditionFailed: (detail: string, extensions?: Record<string, unknown>) =>
    new ProblemException({
      status: 412,
      slug: 'stale-version',
      title: 'Precondition failed',
      detail,
      extensions,
    }),

  /** 429 or 503 that the client may retry; the caller sets `Retry-After` on the response. */
  retryLater: (status: 429 | 503, slug: string, detail: string) =>
    new ProblemException({
      status,
      slug,
      title: status === 429 ? 'Too many requests' : 'Service unavailable',
      detail,
    }),

  unprocessable: (
    slug: string,
    detail: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ) =>
    new ProblemException({ status: 422, slug, title: 'Unprocessable request', detail, errors, extensions }),

  /** 409 of a state machine (a case's, a cohort's) that has no such move: it names those it has. */
  illegalTransition: (what: string, from: string, to: string, allowedTargets: readonly string[]) =>
    Problems.conflict(
      'illegal-transition',
      `a ${what} that is ${from} cannot move to ${to}; allowed: ${allowedTargets.join(', ') || 'none (final state)'}`,
      undefined,
      { allowedTargets },
    ),

  /** 422 of a state machine's move whose conditions are not all met: every one, with the field that meets it. */
  transitionConditionsUnmet: <C extends string>(
    from: string,
    to: string,
    unmet: readonly C[],
    fields: Record<C, string>,
    messages: Record<C, string>,
  ) =>
    Problems.unprocessable(
      'transition-conditions-unmet',
      `${from} → ${to} needs: ${unmet.map((c) => messages[c]).join('; ')}`,
      unmet.map((c) => ({ field: fields[c], message: messages[c] })),
      { unmetConditions: unmet },
    ),
};
