import { Injectable } from '@nestjs/common';

/**
 * Why a region cannot be deleted yet, e.g. `still holds 3 municipalities; reassign them first`,
 * or null when the referring module has nothing in the region.
 */
export type RegionUse = (regionId: string) => Promise<string | null>;

/**
 * The modules that refer to regions (municipalities, pilots, API client territories) sit above
 * regions/ and register here how to tell whether a region is in use; regions/ never reads their tables.
 */
@Injectable()
export class RegionReferences {
  private readonly uses: RegionUse[] = [];

  register(use: RegionUse): void {
    this.uses.push(use);
  }

  /** The first reason the region is still in use, or null. */
  async firstUse(regionId: string): Promise<string | null> {
    for (const use of this.uses) {
      const reason = await use(regionId);
      if (reason) return reason;
    }
    return null;
  }
}

/** `3 municipalities`, `1 pilot`: a count with its noun. */
export function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
