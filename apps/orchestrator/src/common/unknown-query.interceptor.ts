import {
  BadRequestException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** 'dto': the route takes a @Query() DTO, which ValidationPipe (forbidNonWhitelisted) checks. */
type QueryRule = 'dto' | ReadonlySet<string>;

interface RouteArg {
  index: number;
  data?: unknown;
}

/** The query parameters a handler declares, from Nest's own route-argument metadata. */
export function queryRule(controller: object, method: string): QueryRule {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArg
  >;
  const names = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (key.split(':')[0] !== String(RouteParamtypes.QUERY)) continue;
    if (typeof arg.data !== 'string') return 'dto';
    names.add(arg.data);
  }
  return names;
}

/**
 * A query parameter the route does not declare is a 400 naming it, on every route: a typo such as
 * `?stauts=failed` must not silently answer the unfiltered list.
 */
@Injectable()
export class UnknownQueryInterceptor implements NestInterceptor {
  private readonly rules = new WeakMap<object, QueryRule>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const handler = context.getHandler();
      let rule = this.rules.get(handler);
      if (rule === undefined) {
        rule = queryRule(context.getClass(), handler.name);
        this.rules.set(handler, rule);
      }
      if (rule !== 'dto') {
        const query = context.switchToHttp().getRequest<Request>().query;
        const unknown = Object.keys(query).filter((name) => !rule.has(name));
        if (unknown.length > 0) {
          const takes = rule.size > 0 ? `it takes ${[...rule].sort().join(', ')}` : 'it takes none';
          throw new BadRequestException(
            `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: ${takes}`,
          );
        }
      }
    }
    return next.handle();
  }
}
