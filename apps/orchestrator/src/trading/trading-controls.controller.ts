import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiNeedsToken } from '../common/api-error';
import { KillSwitchDto, KillSwitchResultDto } from './dto/kill-switch.dto';
import { RiskStatusDto } from './dto/risk-status.dto';
import { TradingControls, type KillSwitchResultJson } from './trading-controls.service';
import type { RiskStatusJson } from './trading-json';

/** The operator's fleet-wide controls; audited with the request id. */
@ApiTags('trading')
@ApiNeedsToken()
@UseGuards(BearerAuthGuard)
@Controller('trading')
export class TradingControlsController {
  constructor(private readonly controls: TradingControls) {}

  @Post('kill-switch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'setKillSwitch',
    summary: 'Engage or release the kill switch; with flatten, close every position',
    description:
      'Engaged: no new entry anywhere from the moment this answers (every executor asks the risk gate before each entry), persisted across restarts. With flatten (engaged true only): every running or paused engine cancels its entries and closes its position reduce-only, its stop kept until flat. Idempotent. Audited as operator.kill-switch.',
  })
  @ApiBody({ type: KillSwitchDto })
  @ApiOkResponse({ type: KillSwitchResultDto })
  @ApiError(
    400,
    'a body other than {engaged: boolean, flatten?: boolean}: unknown keys, wrong types, null, or flatten without engaged true',
    'flatten needs engaged: true (a release cannot flatten)',
  )
  killSwitch(@Body() body: KillSwitchDto): Promise<KillSwitchResultJson> {
    return this.controls.killSwitch(body);
  }

  @Post('risk-reset')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resetDailyLoss',
    summary: "Reset the day's realised loss so entries resume before the UTC day ends",
    description: 'Answers the risk status after the reset. Audited as operator.risk-reset.',
  })
  @ApiOkResponse({ type: RiskStatusDto })
  resetDailyLoss(): Promise<RiskStatusJson> {
    return this.controls.resetDailyLoss();
  }
}
