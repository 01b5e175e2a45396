import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/index.js';
import { mapPage } from '../common/pagination/page.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
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
    description: 'Deactivating or setting a password ends all of the user’s logins.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404, 409, 422)
  async update(@UuidParam('id') id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(id, dto));
  }
}
