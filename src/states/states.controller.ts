import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { StatePage, StateResponse } from './state.response.js';
import { StatesService } from './states.service.js';

// Reference data: every authenticated caller.
const EVERYONE = { roles: ROLES, clientScope: 'any' } as const;

@ApiTags('states')
@Controller('states')
export class StatesController {
  constructor(private readonly states: StatesService) {}

  @Get()
  @Access(EVERYONE)
  @ApiOperation({
    operationId: 'listStates',
    description: 'Ordered by code, each with its AGS prefix.',
    summary: 'The 16 Bundesländer with their AGS prefix',
  })
  @ApiOkResponse({ type: StatePage })
  async list(): Promise<StatePage> {
    return Object.assign(new StatePage(), {
      items: (await this.states.list()).map(StateResponse.from),
      nextCursor: null,
    });
  }

  @Get(':code')
  @Access(EVERYONE)
  @ApiOperation({
    operationId: 'getState',
    description: '404 for a code that is not one of the 16 states.',
    summary: 'One Bundesland by ISO 3166-2 code',
  })
  @ApiParam({
    name: 'code',
    schema: { type: 'string', pattern: '^[Dd][Ee]-[A-Za-z]{2}$', example: 'DE-SN' },
    description: 'ISO 3166-2 code, any case.',
  })
  @ApiOkResponse({ type: StateResponse })
  @ApiProblems(404)
  async get(@Param('code') code: string): Promise<StateResponse> {
    return StateResponse.from(await this.states.get(code));
  }
}
