import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
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

/**
 * A path parameter that must be a UUID: validated by `UuidParamPipe` and documented as
 * `format: uuid`, so the pipe and the document cannot disagree.
 */
export function UuidParam(name = 'id'): ParameterDecorator {
  return (target, key, index) => {
    Param(name, UuidParamPipe)(target, key, index);
    // Parameter decorators run once the method exists: document it on the method, as @ApiParam does.
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key === undefined || !descriptor)
      throw new Error(`@UuidParam('${name}') belongs on a method parameter`);
    ApiParam({ name, type: String, format: 'uuid', description: `${name} (a UUID)` })(
      target,
      key,
      descriptor,
    );
  };
}
