import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiError, ApiMalformedSymbol } from '../common/api-error';
import { SymbolPipe } from '../common/symbol.pipe';
import { BookMetricsDto, OrderBookDto, OrderBookQueryDto, PairDto } from './dto/data.dto';
import { DataService } from './data.service';

@ApiTags('data')
@Controller('data')
export class DataController {
  constructor(private readonly data: DataService) {}

  @Get('pairs')
  @ApiOperation({
    operationId: 'listPairs',
    summary: 'Instruments the venue lists, with tick, step and minimums',
  })
  @ApiOkResponse({ type: [PairDto] })
  pairs(): PairDto[] {
    return this.data.pairs();
  }

  @Get('orderbook/:symbol')
  @ApiOperation({
    operationId: 'getOrderBook',
    summary: 'Top of the local order book of a running engine',
  })
  @ApiParam({ name: 'symbol', example: 'BTCUSDT' })
  @ApiOkResponse({ type: OrderBookDto })
  @ApiError(
    400,
    'malformed symbol, depth outside 1..200, or a query parameter the route does not take',
    'depth must be at most 200',
  )
  @ApiError(
    404,
    'not listed on the venue, or no engine subscribed to it',
    'no local book for XRPUSDT: start its engine first',
  )
  orderbook(
    @Param('symbol', SymbolPipe) symbol: string,
    @Query() query: OrderBookQueryDto,
  ): OrderBookDto {
    return this.data.orderbook(symbol, query.depth ?? 20);
  }

  @Get('metrics')
  @ApiOperation({ operationId: 'listBookMetrics', summary: 'Book metrics of every subscribed symbol' })
  @ApiOkResponse({ type: [BookMetricsDto] })
  metrics(): BookMetricsDto[] {
    return this.data.allMetrics();
  }

  @Get('metrics/:symbol')
  @ApiOperation({
    operationId: 'getBookMetrics',
    summary: 'Mid, spread, imbalance and feed health of one symbol',
  })
  @ApiParam({ name: 'symbol', example: 'BTCUSDT' })
  @ApiOkResponse({ type: BookMetricsDto })
  @ApiMalformedSymbol()
  @ApiError(
    404,
    'not listed on the venue, or no engine subscribed to it',
    'no local book for XRPUSDT: start its engine first',
  )
  symbolMetrics(@Param('symbol', SymbolPipe) symbol: string): BookMetricsDto {
    return this.data.metrics(symbol);
  }
}
