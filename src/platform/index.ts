// The public surface of platform/: the one write path and its change records.
export { PlatformModule } from './platform.module.js';
export {
  updateOf,
  WritePath,
  WriteSession,
  type ChangeInput,
  type HistoryEntry,
  type KeepDerived,
  type LockOptions,
  type Versioned,
  type VersionedTable,
} from './write-path.js';
export { ChangeRefs, type ExternalId, type ExternalIdSource } from './change-refs.js';
export { appendChanges, sealChanges, type ChangePlace, type NewChange } from './change-log.js';
export { ChangeFeed, END_OF_COMMIT, type FeedEntry } from './change-feed.js';
export { CHANGE_KINDS, READ_SCOPE_OF, type ChangeKind } from './change-kinds.js';
export { ChangeResponse } from './dto/change.response.js';
