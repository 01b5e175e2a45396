import { Body, Controller, Delete, Get, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiIfMatch, ETAG_HEADERS, withEtag } from '../common/http/etag.js';
import { expectedVersionOf, IfMatchVersion } from '../common/http/if-match.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { PageQuery } from '../common/pagination/page-query.dto.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { GROUP_READERS, MEMBER_WRITERS, TEAM_EDITORS, TEAM_IF_MATCH } from './cohort-access.js';
import {
  TeamCasePage,
  TeamCaseResponse,
  TransferTeamPage,
  TransferTeamResponse,
  TransferTeamSummary,
} from './dto/group.response.js';
import { CreateTeamDto, GroupWriteDto, TeamListQuery, UpdateTeamDto } from './dto/team.dto.js';
import { TransferTeamsService } from './transfer-teams.service.js';
import type { TeamView } from './views.js';

function teamPage(res: Response, view: TeamView): TransferTeamResponse {
  return withEtag(res, TransferTeamResponse.fromView(view));
}

@ApiTags('transfer-teams')
@Controller('transfer-teams')
export class TransferTeamsController {
  constructor(private readonly teams: TransferTeamsService) {}

  @Post()
  @Access(TEAM_EDITORS)
  @ApiOperation({
    operationId: 'openTransferTeam',
    summary: 'Open a transfer team for a highly demanded solution',
    description:
      'Typically for a solution the demand report flags with `transferTeamSuggested`. One active team per solution (409); ' +
      '422 when the solution is not active or a member is not active staff (pilot, Transferstelle, admin).',
  })
  @ApiCreatedResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 409, 422)
  async create(
    @Auth() caller: Caller,
    @Body() dto: CreateTeamDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(res, await this.teams.create(caller, dto));
  }

  @Get()
  @Access(GROUP_READERS)
  @ApiOperation({
    operationId: 'listTransferTeams',
    summary: 'List transfer teams, newest first, by status and solution',
    description: 'Each item carries its solution and how many members and cases it has.',
  })
  @ApiOkResponse({ type: TransferTeamPage })
  @ApiProblems(400)
  async list(@Query() query: TeamListQuery): Promise<TransferTeamPage> {
    return mapPage(await this.teams.list(query), TransferTeamSummary.from);
  }

  @Get(':id')
  @Access(GROUP_READERS)
  @ApiOperation({
    operationId: 'getTransferTeam',
    summary: 'One transfer team with its members and the origin’s contacts',
    description:
      'Contacts of the origin municipality are not shown to analysts. The ETag carries the version.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(res, await this.teams.view(id));
  }

  @Patch(':id')
  @Access(TEAM_EDITORS)
  @ApiIfMatch(TEAM_IF_MATCH)
  @ApiOperation({
    operationId: 'updateTransferTeam',
    summary: 'Rename the team, change its note or contacts, close or reopen it',
    description:
      'Reopening is refused (409) while another team of the solution is active. Stale If-Match → 412.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 409, 412)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: UpdateTeamDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(
      res,
      await this.teams.update(caller, id, dto, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Put(':id/members/:userId')
  @Access(TEAM_EDITORS)
  @ApiIfMatch(TEAM_IF_MATCH)
  @ApiOperation({
    operationId: 'addTransferTeamMember',
    summary: 'Add a pilot or Transferstelle staff member to the team',
    description: 'Idempotent: adding a member again changes nothing. 422 when the user is not active staff.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 412, 422)
  async addMember(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: GroupWriteDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(
      res,
      await this.teams.addMember(caller, id, userId, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Delete(':id/members/:userId')
  @Access(TEAM_EDITORS)
  @ApiIfMatch(TEAM_IF_MATCH)
  @ApiOperation({
    operationId: 'removeTransferTeamMember',
    summary: 'Remove a member from the team',
    description: '404 when the user is not a member.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 404, 412)
  async removeMember(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(res, await this.teams.removeMember(caller, id, userId, ifMatch));
  }

  @Get(':id/cases')
  @Access(GROUP_READERS)
  @ApiOperation({
    operationId: 'listTransferTeamCases',
    summary: 'The cases the team supports, in the order it took them on',
    description: 'Each with its municipality, status, version and days in its stage.',
  })
  @ApiOkResponse({ type: TeamCasePage })
  @ApiProblems(400, 404)
  async cases(@UuidParam('id') id: string, @Query() query: PageQuery): Promise<TeamCasePage> {
    return mapPage(await this.teams.casesOf(id, query), TeamCaseResponse.from);
  }

  @Put(':id/cases/:caseId')
  @Access(MEMBER_WRITERS)
  @ApiIfMatch(TEAM_IF_MATCH)
  @ApiOperation({
    operationId: 'supportCaseByTransferTeam',
    summary: 'Let the team support a case (its solution chosen or a candidate)',
    description:
      '422 when the team’s solution is neither the case’s choice nor a candidate, or the case has ended; 409 when the team is ' +
      'closed or another team supports the case. Pilots for cases of their regions.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async addCase(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('caseId') caseId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Body() dto: GroupWriteDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(
      res,
      await this.teams.addCase(caller, id, caseId, expectedVersionOf(ifMatch, dto.expectedVersion)),
    );
  }

  @Delete(':id/cases/:caseId')
  @Access(MEMBER_WRITERS)
  @ApiIfMatch(TEAM_IF_MATCH)
  @ApiOperation({
    operationId: 'releaseCaseFromTransferTeam',
    summary: 'The team no longer supports the case',
    description: '404 when the team does not support it. Pilots for cases of their regions.',
  })
  @ApiOkResponse({ type: TransferTeamResponse, headers: ETAG_HEADERS })
  @ApiProblems(400, 403, 404, 412)
  async removeCase(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @UuidParam('caseId') caseId: string,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TransferTeamResponse> {
    return teamPage(res, await this.teams.removeCase(caller, id, caseId, ifMatch));
  }
}
