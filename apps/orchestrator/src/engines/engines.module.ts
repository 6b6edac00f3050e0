import { Module } from '@nestjs/common';
import { OperatorAudit } from '../trading/operator-audit';
import { EngineControlsController } from './engine-controls.controller';
import { EngineLogsController } from './engine-logs.controller';
import { EngineLogsService } from './engine-logs.service';
import { EnginesController } from './engines.controller';
import { EnginesService } from './engines.service';
import { FaultInjectionGuard } from './fault-injection.guard';
import { SignalDrillController } from './signal-drill.controller';
import { SignalDrill } from './signal-drill.service';

@Module({
  controllers: [
    EnginesController,
    EngineControlsController,
    EngineLogsController,
    SignalDrillController,
  ],
  providers: [EnginesService, EngineLogsService, FaultInjectionGuard, OperatorAudit, SignalDrill],
})
export class EnginesModule {}
