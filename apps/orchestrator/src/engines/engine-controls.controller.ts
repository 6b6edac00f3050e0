import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiMalformedSymbol, ApiNeedsToken } from '../common/api-error';
import { SymbolPipe } from '../common/symbol.pipe';
import type { EngineStatus } from '../supervisor';
import { EngineCommandResultDto } from './dto/engine-status.dto';
import { EnginesService } from './engines.service';

const SYMBOL_PARAM = {
  name: 'symbol',
  example: 'BTCUSDT',
  description: 'exchange id; BTC-USDT and btcusdt are accepted',
};

const NO_ENGINE = () =>
  ApiError(
    404,
    'no engine for this symbol (never started in this process)',
    'no engine for XRPUSDT',
  );

/** The operator's trading commands on one engine; each is audited with the request id. */
@ApiTags('engines')
@ApiNeedsToken()
@UseGuards(BearerAuthGuard)
@Controller('engines')
export class EngineControlsController {
  constructor(private readonly engines: EnginesService) {}

  @Post(':symbol/pause')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'pauseEngine',
    summary: 'Pause new entries; the engine keeps its book and manages its open position',
    description:
      'running → paused. Kept in memory, not in the registry: after a process restart the engine runs again; an automatic restart after a crash keeps it paused; an operator start, stop or restart ends the pause. Audited as operator.pause.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @NO_ENGINE()
  @ApiError(409, 'engine not running', 'engine BTCUSDT is paused; pause needs a running engine')
  pause(@Param('symbol', SymbolPipe) symbol: string): EngineCommandResultDto {
    return result(symbol, this.engines.pause(symbol));
  }

  @Post(':symbol/resume')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resumeEngine',
    summary: 'Resume new entries of a paused engine',
    description: 'paused → running. Audited as operator.resume.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @NO_ENGINE()
  @ApiError(409, 'engine not paused', 'engine BTCUSDT is running; resume needs a paused engine')
  resume(@Param('symbol', SymbolPipe) symbol: string): EngineCommandResultDto {
    return result(symbol, this.engines.resume(symbol));
  }

  @Post(':symbol/flatten')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'flattenEngine',
    summary: "Cancel the engine's entries and close its position reduce-only",
    description:
      'The stop stays on the venue until the position is flat. The engine keeps its state (pause it first to stop new entries). Answers once the engine has been told; the close follows asynchronously (watch /trading/positions). Audited as operator.flatten.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @NO_ENGINE()
  @ApiError(
    409,
    'engine neither running nor paused',
    'engine BTCUSDT is stopped; flatten needs a running or paused engine',
  )
  flatten(@Param('symbol', SymbolPipe) symbol: string): EngineCommandResultDto {
    return result(symbol, this.engines.flatten(symbol));
  }
}

function result(symbol: string, engine: EngineStatus): EngineCommandResultDto {
  return { ok: true, symbol, status: engine.status, engine };
}
