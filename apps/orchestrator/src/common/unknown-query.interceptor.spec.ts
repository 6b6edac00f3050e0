import { BadRequestException, Controller, Get, Query, type ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { UnknownQueryInterceptor, queryRule } from './unknown-query.interceptor';

class PageDto {
  limit?: number;
}

@Controller('x')
class Fixture {
  @Get('none') none(): string {
    return 'none';
  }
  @Get('named') named(@Query('depth') depth: string, @Query('side') side: string): string {
    return depth + side;
  }
  @Get('dto') dto(@Query() page: PageDto): string {
    return String(page.limit);
  }
}

function contextFor(method: keyof Fixture, query: Record<string, string>): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => Fixture,
    getHandler: () => Fixture.prototype[method],
    switchToHttp: () => ({ getRequest: () => ({ query }) }),
  } as unknown as ExecutionContext;
}

describe('UnknownQueryInterceptor', () => {
  const interceptor = new UnknownQueryInterceptor();
  const run = async (method: keyof Fixture, query: Record<string, string>) =>
    lastValueFrom(interceptor.intercept(contextFor(method, query), { handle: () => of('ok') }));

  it('reads the declared query parameters of each handler', () => {
    expect(queryRule(Fixture, 'none')).toEqual(new Set());
    expect(queryRule(Fixture, 'named')).toEqual(new Set(['depth', 'side']));
    expect(queryRule(Fixture, 'dto')).toBe('dto');
  });

  it('answers 400 naming a parameter the route does not take', async () => {
    await expect(run('none', { stauts: 'failed' })).rejects.toThrow(
      new BadRequestException('unknown query parameter stauts: it takes none'),
    );
    await expect(run('named', { depth: '5', x: '1', y: '2' })).rejects.toThrow(
      'unknown query parameters x, y: it takes depth, side',
    );
  });

  it('lets declared parameters through, and leaves query DTOs to the ValidationPipe', async () => {
    await expect(run('none', {})).resolves.toBe('ok');
    await expect(run('named', { depth: '5' })).resolves.toBe('ok');
    await expect(run('dto', { anything: '1' })).resolves.toBe('ok');
  });
});
