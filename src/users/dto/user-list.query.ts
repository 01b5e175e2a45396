import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsBooleanQuery } from '../../common/validation/boolean-query.decorator.js';
import { type Role, ROLES } from '../../auth/index.js';

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsBooleanQuery()
  active?: boolean;
}
