import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Problems } from '../common/problems/problem.exception.js';
import { State } from './state.entity.js';

@Injectable()
export class StatesService {
  constructor(@InjectRepository(State) private readonly states: Repository<State>) {}

  /** All 16 states; reference data small enough to return in one page. */
  list(): Promise<State[]> {
    return this.states.find({ order: { agsPrefix: 'ASC' } });
  }

  async get(code: string): Promise<State> {
    const state = await this.states.findOneBy({ code: code.toUpperCase() });
    if (!state) throw Problems.notFound('state', code);
    return state;
  }
}
