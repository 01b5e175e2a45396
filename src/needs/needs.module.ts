import { Module } from '@nestjs/common';
import { NeedsController } from './needs.controller.js';
import { NeedsService } from './needs.service.js';
import { SolutionSuggestionsService } from './suggestions/solution-suggestions.service.js';

@Module({
  controllers: [NeedsController],
  providers: [NeedsService, SolutionSuggestionsService],
  exports: [SolutionSuggestionsService],
})
export class NeedsModule {}
