import { Module } from '@nestjs/common';
import { EnginesController } from './engines.controller';
import { EnginesService } from './engines.service';
import { FaultInjectionGuard } from './fault-injection.guard';

@Module({
  controllers: [EnginesController],
  providers: [EnginesService, FaultInjectionGuard],
})
export class EnginesModule {}
