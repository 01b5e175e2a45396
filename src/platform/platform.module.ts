import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Change } from './change.entity.js';
import { WritePath } from './write-path.js';

/** The write path and the `changes` table it writes. */
@Module({
  imports: [TypeOrmModule.forFeature([Change])],
  providers: [WritePath],
  exports: [WritePath],
})
export class PlatformModule {}
