import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Problems } from '../problems/problem.exception.js';
import { UUID_PATTERN } from '../validation/patterns.js';

/** Refuses malformed ids with a 400 naming the parameter, before any query runs. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value.toLowerCase())) {
      const field = metadata.data ?? 'id';
      throw Problems.validation([{ field, message: `${field} must be a UUID` }]);
    }
    return value.toLowerCase();
  }
}
