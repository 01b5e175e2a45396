import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ProblemException } from '../common/problems/problem.exception.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability, for load balancers and orchestrators' })
  @ApiOkResponse({
    description: 'The service and its database answer.',
    schema: { example: { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: {} } },
  })
  @ApiProblems(503)
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database').withTimeout(1500)]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ProblemException({
        status: 503,
        slug: 'unhealthy',
        title: 'Service unavailable',
        detail: 'The database does not answer.',
        extensions: { checks: error.getResponse() },
      });
    }
  }
}
