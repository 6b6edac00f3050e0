import { Module } from '@nestjs/common';
import { OperatorAudit } from '../trading/operator-audit';
import { EngineControlsController } from './engine-controls.controller';
import { EnginesController } from './engines.controller';
import { EnginesService } from './engines.service';
import { FaultInjectionGuard } from './fault-injection.guard';
import { SignalDrillController } from './signal-drill.controller';
import { SignalDrill } from './signal-drill.service';

@Module({
  controllers: [EnginesController, EngineControlsController, SignalDrillController],
  providers: [EnginesService, FaultInjectionGuard, OperatorAudit, SignalDrill],
})
export class EnginesModule {}
