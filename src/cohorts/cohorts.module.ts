import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '../platform/index.js';
import { SolutionsModule } from '../solutions/index.js';
import { CaseAffiliations, TransferCasesModule } from '../transfer-cases/index.js';
import { UsersModule } from '../users/index.js';
import { Cohort, CohortMember, CohortMilestone, CohortMilestoneProgress } from './cohort.entity.js';
import { CohortDirectory } from './cohort-directory.js';
import { CASE_AFFILIATION_SQL } from './case-affiliation-sql.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsService } from './cohorts.service.js';
import { GroupMembers } from './group-members.js';
import { TransferTeam, TransferTeamCase, TransferTeamMember } from './transfer-team.entity.js';
import { TransferTeamsController } from './transfer-teams.controller.js';
import { TransferTeamsService } from './transfer-teams.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      TransferTeam,
      TransferTeamMember,
      TransferTeamCase,
      Cohort,
      CohortMember,
      CohortMilestone,
      CohortMilestoneProgress,
    ]),
    PlatformModule,
    SolutionsModule,
    TransferCasesModule,
    UsersModule,
  ],
  controllers: [TransferTeamsController, CohortsController],
  providers: [TransferTeamsService, CohortsService, GroupMembers, CohortDirectory],
  exports: [CohortDirectory],
})
export class CohortsModule {
  // The case page shows its cohort and team: transfer-cases/ embeds these subqueries.
  constructor(affiliations: CaseAffiliations) {
    affiliations.register(CASE_AFFILIATION_SQL);
  }
}
