import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { AcceptAlertDto, AlertListQuery, DismissAlertDto } from './dto/alert.dto.js';
import { MatchAlertPage, MatchAlertResponse } from './dto/practice.response.js';
import { MatchAlerts } from './match-alerts.service.js';
import { ALERT_READERS, PRACTICE_WRITERS } from './practice-access.js';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: MatchAlerts) {}

  @Get()
  @Access(ALERT_READERS)
  @ApiOperation({
    operationId: 'listMatchAlerts',
    summary: 'Match alerts: solutions that now fit open needs',
    description:
      'Raised when a solution is published or its text changes and it fits an open need strongly (among the ' +
      'need’s three best suggestions, no solution chosen yet). Newest first, open ones by default. A pilot sees ' +
      'her regions’ alerts unless she names a `regionId`; an API client its territory’s.',
  })
  @ApiOkResponse({ type: MatchAlertPage })
  @ApiProblems(400)
  async list(@Auth() caller: Caller, @Query() query: AlertListQuery): Promise<MatchAlertPage> {
    return mapPage(await this.alerts.list(caller, query), MatchAlertResponse.from);
  }

  @Get(':id')
  @Access(ALERT_READERS)
  @ApiOperation({
    operationId: 'getMatchAlert',
    summary: 'One match alert',
    description: 'With why it fits.',
  })
  @ApiOkResponse({ type: MatchAlertResponse })
  @ApiProblems(400, 403, 404)
  async get(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<MatchAlertResponse> {
    return MatchAlertResponse.from(await this.alerts.get(caller, id));
  }

  @Post(':id/accept')
  @Access(PRACTICE_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'acceptMatchAlert',
    summary: 'Accept: the solution becomes a candidate of the need’s case',
    description:
      'Adds the solution as a candidate with the alert’s reasons as rationale (or the one sent). A need without ' +
      'an open case gets one (assigned to the accepting pilot). 409 when the alert was decided already or the ' +
      'case is past research; 403 outside the caller’s regions.',
  })
  @ApiOkResponse({ type: MatchAlertResponse })
  @ApiProblems(400, 403, 404, 409, 422)
  async accept(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: AcceptAlertDto,
  ): Promise<MatchAlertResponse> {
    return MatchAlertResponse.from(await this.alerts.accept(caller, id, dto));
  }

  @Post(':id/dismiss')
  @Access(PRACTICE_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'dismissMatchAlert',
    summary: 'Dismiss a match alert, with the reason',
    description: 'The pair is not alerted again. 409 when it was decided already.',
  })
  @ApiOkResponse({ type: MatchAlertResponse })
  @ApiProblems(400, 403, 404, 409)
  async dismiss(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: DismissAlertDto,
  ): Promise<MatchAlertResponse> {
    return MatchAlertResponse.from(await this.alerts.dismiss(caller, id, dto));
  }
}
