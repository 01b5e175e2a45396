import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { mapPage } from '../common/pagination/page.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ProblemDetails } from '../common/problems/problem-details.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserListQuery } from './dto/user-list.query.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

const ADMINS = { roles: ['admin'] } as const;

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'createUser',
    description: 'Pilots (`lotse`) are given the regions they work in.',
    summary: 'Create a user (pilots with their regions)',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(400, 409, 422)
  async create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(dto));
  }

  @Get()
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'listUsers',
    description: 'Ordered by email; deactivated users included.',
    summary: 'List users ordered by email',
  })
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400)
  async list(@Query() query: UserListQuery): Promise<UserPage> {
    return mapPage(await this.users.list(query), UserResponse.from);
  }

  @Get(':id')
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'getUser',
    description: 'With the user’s regions.',
    summary: 'One user',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(id));
  }

  @Patch(':id')
  @Access(ADMINS)
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Change a user: name, email, role, password, regions, or deactivate (`active: false`)',
    description:
      'Deactivating or setting a password ends all of the user’s logins. There is always an active ' +
      'admin: deactivating or demoting the last one is a 409 (`last-admin`), and an admin cannot ' +
      'deactivate herself (409, `self-deactivation`). Decided with the active admins locked: when the last two ' +
      'admins deactivate each other at once, exactly one succeeds.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404, 422, {
    status: 409,
    type: ProblemDetails,
    description:
      'The email is taken (`duplicate`, `errors` names `email`); the change would deactivate or ' +
      'demote the last active admin (`last-admin`, `errors` names `active` or `role`); or the ' +
      'caller would deactivate herself (`self-deactivation`, `errors` names `active`).',
  })
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(id, dto, caller));
  }
}
