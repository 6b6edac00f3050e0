import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { normalizeSymbol } from '@flotilla/core';
import { toSignalJson, type SignalJson } from '@flotilla/trading';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ErrorDto } from '../engines/dto/engine-status.dto';
import { ENGINE_MANAGER } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { SignalDto, SignalsQueryDto } from './dto/signals.dto';

@ApiTags('trading')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('trading')
export class TradingController {
  constructor(@Inject(ENGINE_MANAGER) private readonly manager: EngineManager) {}

  @Get('signals')
  @ApiOperation({ summary: 'Recent strategy signals, newest first' })
  @ApiOkResponse({ type: [SignalDto] })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiUnauthorizedResponse({ type: ErrorDto })
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
