import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { PageQuery } from '../common/pagination/page-query.dto.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { CASE_READERS, CASE_WRITERS } from './case-access.js';
import { CaseTimelineService } from './case-timeline.service.js';
import { CommentDto } from './dto/candidate.dto.js';
import { CaseEventPage, CaseEventResponse } from './dto/case-event.response.js';

@ApiTags('transfer-cases')
@Controller('transfer-cases/:id')
export class CaseTimelineController {
  constructor(private readonly timeline: CaseTimelineService) {}

  @Get('events')
  @Access(CASE_READERS)
  @ApiOperation({
    operationId: 'listCaseEvents',
    description:
      'Opened, transitions with their notes, candidates added and removed, assignments and comments, oldest first.',
    summary: 'The case’s timeline, oldest first: every change, comment and move, append-only',
  })
  @ApiOkResponse({ type: CaseEventPage })
  @ApiProblems(400, 404)
  async events(@UuidParam('id') id: string, @Query() query: PageQuery): Promise<CaseEventPage> {
    return mapPage(await this.timeline.events(id, query), CaseEventResponse.from);
  }

  @Post('comments')
  @Access(CASE_WRITERS)
  @ApiOperation({
    operationId: 'commentOnCase',
    description:
      'The comment is the event’s `note`. Comments are allowed in every status, also after the case ended.',
    summary: 'Comment on the case (a timeline entry; the case’s version stays)',
  })
  @ApiCreatedResponse({ type: CaseEventResponse })
  @ApiProblems(400, 404)
  async comment(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: CommentDto,
  ): Promise<CaseEventResponse> {
    return CaseEventResponse.from(await this.timeline.comment(caller, id, dto.note));
  }
}
