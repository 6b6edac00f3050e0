import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { normalizeSymbol } from '@flotilla/core';
import { toSignalJson, type SignalJson } from '@flotilla/trading';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiNeedsToken } from '../common/api-error';
import { ENGINE_MANAGER } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { SignalDto, SignalsQueryDto } from './dto/signals.dto';

@ApiTags('trading')
@ApiNeedsToken()
@UseGuards(BearerAuthGuard)
@Controller('trading')
export class TradingController {
  constructor(@Inject(ENGINE_MANAGER) private readonly manager: EngineManager) {}

  @Get('signals')
  @ApiOperation({ operationId: 'listSignals', summary: 'Recent strategy signals, newest first' })
  @ApiOkResponse({ type: [SignalDto] })
  @ApiError(
    400,
    'bad symbol, since or limit, or a query parameter the route does not take',
    'limit must be at most 1000',
  )
  signals(@Query() query: SignalsQueryDto): SignalJson[] {
    return this.manager
      .signals({
        symbol: query.symbol === undefined ? undefined : normalizeSymbol(query.symbol),
        since: query.since === undefined ? undefined : Date.parse(query.since),
        limit: query.limit,
      })
      .map(toSignalJson);
  }
}
