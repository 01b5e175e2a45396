import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, ROLES, type Caller } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ChangeFeed } from './change-feed.js';
import { ChangeFeedQuery } from './dto/change-feed.query.js';
import { ChangeFeedPage, ChangeResponse } from './dto/change.response.js';

@ApiTags('changes')
@Controller('changes')
export class ChangesController {
  constructor(private readonly feed: ChangeFeed) {}

  @Get()
  // Clients: the kinds their read scopes cover, in their territory (checked by the feed).
  @Access({ roles: ROLES, clientScope: 'any' })
  @ApiOperation({
    operationId: 'listChanges',
    summary: 'Follow every change to municipalities, needs, solutions and cases, in commit order',
    description:
      'Start without `after`, then always send the last `nextCursor`: every committed change comes exactly once, ' +
      'in the order the transactions committed (a transaction’s changes in the order written), so an entity’s ' +
      'versions arrive in order. An empty page means nothing new yet: poll again with the same cursor. ' +
      'API clients get the kinds their read scopes cover, in their states and regions (solutions everywhere).',
  })
  @ApiOkResponse({ type: ChangeFeedPage })
  @ApiProblems(400)
  async list(@Auth() caller: Caller, @Query() query: ChangeFeedQuery): Promise<ChangeFeedPage> {
    const page = await this.feed.page(caller, query);
    return Object.assign(new ChangeFeedPage(), {
      items: page.items.map(ChangeResponse.from),
      nextCursor: page.nextCursor,
    });
  }
}
