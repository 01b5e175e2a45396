import { Injectable } from '@nestjs/common';
import type { WriteSession } from '../platform/index.js';

/** A case that reached umgesetzt, as modules above transfer-cases/ learn of it. */
export interface ImplementedCase {
  caseId: string;
  needId: string;
  solutionId: string;
  implementedOn: string;
  municipalityId: string;
  regionId: string | null;
  stateCode: string;
  assigneeId: string | null;
}

export type ImplementedListener = (session: WriteSession, implemented: ImplementedCase) => Promise<void>;

/**
 * Who must act when a case is implemented, in the case's own write: practice/ records the
 * adoption and schedules its impact follow-ups. transfer-cases/ cannot import the modules above
 * it, so they register here (in their module constructor), as with `CaseAffiliations`.
 */
@Injectable()
export class CaseOutcomes {
  private readonly listeners: ImplementedListener[] = [];

  onImplemented(listener: ImplementedListener): void {
    this.listeners.push(listener);
  }

  async implemented(session: WriteSession, implemented: ImplementedCase): Promise<void> {
    for (const listener of this.listeners) await listener(session, implemented);
  }
}
