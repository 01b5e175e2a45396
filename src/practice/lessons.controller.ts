import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { CreateLessonDto, LessonListQuery } from './dto/lesson.dto.js';
import { LessonPage, LessonResponse } from './dto/practice.response.js';
import { Lessons } from './lessons.service.js';
import { PRACTICE_READERS, PRACTICE_WRITERS } from './practice-access.js';

@ApiTags('lessons')
@Controller()
export class LessonsController {
  constructor(private readonly lessons: Lessons) {}

  @Post('lessons')
  @Access(PRACTICE_WRITERS)
  @ApiOperation({
    operationId: 'createLesson',
    summary: 'Record a lesson learned on a case or in a cohort',
    description:
      'Exactly one of `caseId` and `cohortId` (422 otherwise). On a case: its region’s pilot, the Transferstelle, ' +
      'admins; about its chosen solution or a candidate (422). In a cohort: whoever leads it or a member’s pilot; ' +
      'about the cohort’s solution. Lessons are not edited: what was learned stays as it was said.',
  })
  @ApiCreatedResponse({ type: LessonResponse })
  @ApiProblems(400, 403, 422)
  async create(@Auth() caller: Caller, @Body() dto: CreateLessonDto): Promise<LessonResponse> {
    return LessonResponse.from(await this.lessons.create(caller, dto));
  }

  @Get('lessons/:id')
  @Access(PRACTICE_READERS)
  @ApiOperation({ operationId: 'getLesson', summary: 'One lesson learned', description: 'With its author.' })
  @ApiOkResponse({ type: LessonResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<LessonResponse> {
    return LessonResponse.from(await this.lessons.get(id));
  }

  @Get('solutions/:id/lessons')
  @Access(PRACTICE_READERS)
  @ApiTags('solutions')
  @ApiOperation({
    operationId: 'listSolutionLessons',
    summary: 'Everything learned about a solution, newest first',
    description: 'Lessons of every case and cohort that adopted it: for the next adopter and for the origin.',
  })
  @ApiOkResponse({ type: LessonPage })
  @ApiProblems(400, 404)
  async forSolution(@UuidParam('id') id: string, @Query() query: LessonListQuery): Promise<LessonPage> {
    return mapPage(await this.lessons.forSolution(id, query), LessonResponse.from);
  }
}
