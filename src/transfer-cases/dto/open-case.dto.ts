import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class OpenCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The need this case brings together with a solution.' })
  @IsUUID('all', { message: 'needId must be a UUID' })
  needId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A pilot of the case’s region.' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string | null;
}
