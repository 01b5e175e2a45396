import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/pagination/page.js';
import type { State } from './state.entity.js';

export class StateResponse {
  @ApiProperty({ example: 'DE-SN', description: 'ISO 3166-2 code.' })
  code: string;

  @ApiProperty({ example: '14', description: 'First two digits of every AGS in this state.' })
  agsPrefix: string;

  @ApiProperty({ example: 'Sachsen' })
  name: string;

  static from(state: State): StateResponse {
    return Object.assign(new StateResponse(), {
      code: state.code,
      agsPrefix: state.agsPrefix,
      name: state.name,
    });
  }
}

export class StatePage extends PageOf(StateResponse) {}
