import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { PageQuery } from '../common/pagination/page-query.dto.js';
import { UuidParamPipe } from '../common/pipes/uuid-param.pipe.js';
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
  @ApiOperation({ summary: 'The case’s timeline, oldest first: every change, comment and move, append-only' })
  @ApiOkResponse({ type: CaseEventPage })
  @ApiProblems(400, 404)
  async events(@Param('id', UuidParamPipe) id: string, @Query() query: PageQuery): Promise<CaseEventPage> {
    return mapPage(await this.timeline.events(id, query), CaseEventResponse.from);
  }

  @Post('comments')
  @Access(CASE_WRITERS)
  @ApiOperation({ summary: 'Comment on the case (a timeline entry; the case’s version stays)' })
  @ApiCreatedResponse({ type: CaseEventResponse })
  @ApiProblems(400, 404)
  async comment(
    @Auth() caller: Caller,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CommentDto,
  ): Promise<CaseEventResponse> {
    return CaseEventResponse.from(await this.timeline.comment(caller, id, dto.text));
  }
}
