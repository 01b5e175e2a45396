import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public, Unthrottled } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ProblemDetails } from '../common/problems/problem-details.js';
import { ProblemException } from '../common/problems/problem.exception.js';

/** What each check reports (Terminus' format): its status, how long it took, a message when down. */
const CHECK_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['up', 'degraded', 'down'] },
    responseTime: { type: 'integer', minimum: 0, description: 'How long the check took, in ms.' },
    message: { type: 'string' },
  },
};
const CHECKS_SCHEMA = {
  type: 'object',
  additionalProperties: CHECK_SCHEMA,
  example: { database: { status: 'up', responseTime: 2 } },
};

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: { ...CHECKS_SCHEMA, description: 'The checks that passed.' },
    error: { ...CHECKS_SCHEMA, description: 'The checks that failed (none when healthy).', example: {} },
    details: { ...CHECKS_SCHEMA, description: 'Every check.' },
  },
};

/** 503 from the health check: which checks failed. */
export class UnhealthyProblem extends ProblemDetails {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The health checks, as in a 200 answer.',
  })
  checks: Record<string, unknown>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @Unthrottled()
  @ApiOperation({
    operationId: 'checkHealth',
    description:
      'No credentials needed. 200 when the database answers within 1.5 s, else 503 with the failing check.',
    summary: 'Liveness and database reachability, for load balancers and orchestrators',
  })
  @ApiOkResponse({ description: 'The service and its database answer.', schema: HEALTH_SCHEMA })
  @ApiProblems({ status: 503, type: UnhealthyProblem, description: 'The database does not answer.' })
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
        // The endpoint is public: the checks' own messages (the driver's "connect ECONNREFUSED
        // 127.0.0.1:5432") would tell anyone where the database is. Statuses only.
        extensions: { checks: statusesOnly(error.getResponse()) },
      });
    }
  }
}

type Checks = Record<string, { status?: unknown }>;

function statusesOnly(result: unknown): Record<string, unknown> {
  const { status, info, error, details } = result as {
    status?: unknown;
    info?: Checks;
    error?: Checks;
    details?: Checks;
  };
  const strip = (checks: Checks | undefined) =>
    Object.fromEntries(
      Object.entries(checks ?? {}).map(([name, check]) => [
        name,
        { status: check.status, ...(check.status === 'down' && { message: 'not reachable' }) },
      ]),
    );
  return { status, info: strip(info), error: strip(error), details: strip(details) };
}
