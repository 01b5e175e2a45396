import type { FieldError } from './problem-details.js';

const MESSAGES = new Map<string, FieldError>();

/**
 * Declares, on the entity that owns it, which field a unique constraint or unique index protects.
 * When two writers race past a service's own check, the database refuses the second, and the
 * problem filter answers with the same 409 naming the same field.
 */
export function ConstraintMessage(constraint: string, error: FieldError): ClassDecorator {
  return () => {
    MESSAGES.set(constraint, error);
  };
}

export function constraintMessage(constraint: string | undefined): FieldError | undefined {
  return constraint === undefined ? undefined : MESSAGES.get(constraint);
}
