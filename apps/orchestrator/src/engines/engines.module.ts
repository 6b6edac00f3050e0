import { Module } from '@nestjs/common';
import { OperatorAudit } from '../trading/operator-audit';
import { EngineControlsController } from './engine-controls.controller';
import { EnginesController } from './engines.controller';
import { EnginesService } from './engines.service';
import { FaultInjectionGuard } from './fault-injection.guard';

@Module({
  controllers: [EnginesController, EngineControlsController],
  providers: [EnginesService, FaultInjectionGuard, OperatorAudit],
})
export class EnginesModule {}
