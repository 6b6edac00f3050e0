import { Module } from '@nestjs/common';
import { OperatorAudit } from './operator-audit';
import { TradingControlsController } from './trading-controls.controller';
import { TradingControls } from './trading-controls.service';
import { TradingController } from './trading.controller';
import { TradingDesk } from './trading-desk.service';

@Module({
  controllers: [TradingController, TradingControlsController],
  providers: [TradingDesk, TradingControls, OperatorAudit],
})
export class TradingModule {}
