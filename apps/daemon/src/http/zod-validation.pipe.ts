import { Injectable, type PipeTransform } from '@nestjs/common';
import { combineErrors, issuesToErrors } from '@confiture/domain';
import type { z } from 'zod';

/**
 * Validates a body, path parameter or query against a zod schema (strict: unknown fields are
 * refused); errors name the field (`body.from`, `params.id`) in a REQUEST_INVALID problem.
 */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'params' | 'query',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? (this.where === 'body' ? undefined : {}));
    if (result.success) return result.data;
    throw combineErrors(
      issuesToErrors(result.error.issues, {
        code: 'REQUEST_INVALID',
        basePath: [this.where],
        input: value,
      }),
      `invalid request ${this.where}`,
      'See GET /openapi.json for the shape of each request.',
    );
  }
}
