import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { normalizeSymbol } from '@flotilla/core';
import { toSignalJson, type SignalJson } from '@flotilla/trading';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiNeedsToken } from '../common/api-error';
import { ENGINE_MANAGER } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { AuditEntryDto } from './dto/audit.dto';
import { ExecutionStatsDto } from './dto/execution-stats.dto';
import { BalanceDto, OrderDto, PositionsDto } from './dto/positions.dto';
import { RiskStatusDto } from './dto/risk-status.dto';
import { SignalDto, SignalsQueryDto } from './dto/signals.dto';
import { AuditQueryDto, OrdersQueryDto, SymbolQueryDto } from './dto/trading-query.dto';
import type { ExecutionStatsJson } from './execution-stats';
import { TradingDesk, type PositionsJson } from './trading-desk.service';
import type { AuditEntryJson, BalanceJson, OrderJson, RiskStatusJson } from './trading-json';

const symbolOf = (s: string | undefined) => (s === undefined ? undefined : normalizeSymbol(s));
const timeOf = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));

const BAD_SYMBOL = (what = '') =>
  ApiError(
    400,
    `malformed symbol${what}, or a query parameter the route does not take`,
    'invalid symbol "../x": a symbol is 2-30 ASCII letters or digits, optionally with one "-", "/" or "_" between base and quote (e.g. BTCUSDT, BTC-USDT)',
  );

/** The operator's trading views (SPEC 6); every one needs the bearer token. */
@ApiTags('trading')
@ApiNeedsToken()
@UseGuards(BearerAuthGuard)
@Controller('trading')
export class TradingController {
  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    private readonly desk: TradingDesk,
  ) {}

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
      .signals({ symbol: symbolOf(query.symbol), since: timeOf(query.since), limit: query.limit })
      .map(toSignalJson);
  }

  @Get('positions')
  @ApiOperation({
    operationId: 'listPositions',
    summary: 'Open positions of the engines, with fleet PnL totals',
    description:
      'A position per engine that is not flat, from its executor (the venue is its source at every start). The totals sum every engine the filter selects, flat ones included, so realised PnL of closed trades is in them.',
  })
  @ApiOkResponse({ type: PositionsDto })
  @BAD_SYMBOL()
  positions(@Query() query: SymbolQueryDto): PositionsJson {
    return this.desk.positions(symbolOf(query.symbol));
  }

  @Get('orders')
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'Live and recent orders of the engines, newest change first',
  })
  @ApiOkResponse({ type: [OrderDto] })
  @ApiError(
    400,
    'bad symbol, status, since or limit, or a query parameter the route does not take',
    'status must be one of open, new, submitted, accepted, rejected, partially-filled, filled, cancelled, expired, unknown',
  )
  orders(@Query() query: OrdersQueryDto): OrderJson[] {
    return this.desk.orders({
      symbol: symbolOf(query.symbol),
      status: query.status,
      since: timeOf(query.since),
      limit: query.limit,
    });
  }

  @Get('balance')
  @ApiOperation({
    operationId: 'getBalance',
    summary: "The account's balance, read from the venue now",
  })
  @ApiOkResponse({ type: BalanceDto })
  @ApiError(
    503,
    'the venue did not answer, refused, or cannot be reached with this configuration',
    'the venue did not answer the balance request (retryable): timeout',
  )
  balance(): Promise<BalanceJson> {
    return this.desk.balance();
  }

  @Get('risk-status')
  @ApiOperation({
    operationId: 'getRiskStatus',
    summary: 'Shared risk: limits, usage, daily loss, kill switch, refusals',
  })
  @ApiOkResponse({ type: RiskStatusDto })
  riskStatus(): RiskStatusJson {
    return this.desk.riskStatus();
  }

  @Get('execution-stats')
  @ApiOperation({
    operationId: 'getExecutionStats',
    summary: 'Fill ratio, slippage and signal-to-ack latency (p50/p99) over recent entries',
  })
  @ApiOkResponse({ type: ExecutionStatsDto })
  @BAD_SYMBOL()
  executionStats(@Query() query: SymbolQueryDto): ExecutionStatsJson {
    return this.desk.executionStats(symbolOf(query.symbol));
  }

  @Get('audit')
  @ApiOperation({
    operationId: 'listAudit',
    summary: 'The audit trail, newest first',
    description:
      'Every operation that touches capital or control: orders, fills, stops, positions, risk refusals, reconciliation, operator commands with their request id.',
  })
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiError(
    400,
    'bad symbol, action, since, traceId or limit, or a query parameter the route does not take',
    'action must be one of order.submitted, order.accepted, …',
  )
  audit(@Query() query: AuditQueryDto): Promise<AuditEntryJson[]> {
    return this.desk.audit({
      symbol: symbolOf(query.symbol),
      action: query.action,
      since: timeOf(query.since),
      traceId: query.traceId,
      limit: query.limit,
    });
  }
}
