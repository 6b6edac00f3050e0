import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { toSignalJson, type SignalJson } from '@flotilla/trading';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiNeedsToken } from '../common/api-error';
import { SymbolPipe } from '../common/symbol.pipe';
import { SignalDto } from '../trading/dto/signals.dto';
import { DrillSignalDto } from './dto/drill-signal.dto';
import { FaultInjectionGuard } from './fault-injection.guard';
import { SignalDrill } from './signal-drill.service';

@ApiTags('engines')
@Controller('engines')
export class SignalDrillController {
  constructor(private readonly drill: SignalDrill) {}

  @Post(':symbol/signals')
  @UseGuards(FaultInjectionGuard, BearerAuthGuard)
  @ApiOperation({
    operationId: 'injectSignal',
    summary: 'Drill hook (FAULT_INJECTION=true only): a signal now, from the engine’s own book',
    description:
      'The signal goes through the engine actor exactly as a strategy signal would: risk checks, sizing, the entry with its stop. For drills and tests; never enabled by default.',
  })
  @ApiParam({ name: 'symbol', example: 'BTCUSDT' })
  @ApiCreatedResponse({ type: SignalDto })
  @ApiError(
    400,
    'malformed symbol, or a side other than buy, sell',
    'side must be one of buy, sell',
  )
  @ApiNeedsToken()
  @ApiError(
    404,
    'fault injection off (even without a token), no engine for this symbol, or no book yet',
    'fault injection is off (FAULT_INJECTION=true enables it)',
  )
  @ApiError(
    409,
    'engine not running',
    'engine BTCUSDT is stopped; a drill signal needs a running engine',
  )
  signal(@Param('symbol', SymbolPipe) symbol: string, @Body() body: DrillSignalDto): SignalJson {
    return toSignalJson(this.drill.inject(symbol, body.side));
  }
}
