import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeCommit } from './change-commit.entity.js';
import { ChangeFeed } from './change-feed.js';
import { ChangeRefs } from './change-refs.js';
import { ChangesController } from './changes.controller.js';
import { Change } from './change.entity.js';
import { WritePath } from './write-path.js';

/** The write path, the `changes` it records and the feed that hands them out in commit order. */
@Module({
  imports: [TypeOrmModule.forFeature([Change, ChangeCommit])],
  controllers: [ChangesController],
  providers: [WritePath, ChangeFeed, ChangeRefs],
  exports: [WritePath, ChangeRefs, ChangeFeed],
})
export class PlatformModule {}
