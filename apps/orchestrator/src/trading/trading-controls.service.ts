import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { ENGINE_MANAGER, RISK } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { OPERATOR, OperatorAudit } from './operator-audit';
import type { RiskControls } from './risk-controls';
import {
  killSwitchJson,
  riskStatusJson,
  type KillSwitchStateJson,
  type RiskStatusJson,
} from './trading-json';

export interface KillSwitchCommand {
  readonly engaged: boolean;
  readonly flatten?: boolean;
}

export interface KillSwitchResultJson extends KillSwitchStateJson {
  /** Whether this command asked every live engine to flatten. */
  flatten: boolean;
  /** Engines told to flatten, by symbol. */
  flattened: string[];
  /** Live engines that refused to flatten, with why. */
  failed: { symbol: string; message: string }[];
}

/**
 * The operator's fleet-wide controls: the kill switch and the daily-loss reset. The kill switch
 * lives in the risk gate, which persists it; engaging it stops new entries everywhere at once,
 * because every executor asks `entriesBlocked()` before each entry (well within SPEC's 1 s), and
 * with flatten every running or paused engine closes its position reduce-only, its stop kept until flat.
 */
@Injectable()
export class TradingControls {
  private readonly logger = new Logger(TradingControls.name);

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    private readonly audit: OperatorAudit,
    @Inject(RISK) private readonly risk: RiskControls,
  ) {}

  async killSwitch(command: KillSwitchCommand): Promise<KillSwitchResultJson> {
    const flatten = command.flatten === true;
    if (flatten && !command.engaged) {
      throw new BadRequestException('flatten needs engaged: true (a release cannot flatten)');
    }
    const risk = this.risk;
    if (command.engaged) await risk.engageKillSwitch(OPERATOR);
    else await risk.releaseKillSwitch(OPERATOR);
    const outcome = flatten
      ? this.manager.flattenAll('kill switch', OPERATOR, this.audit.requestId())
      : { flattened: [], failed: [] };
    const state = killSwitchJson(risk.status().killSwitch);
    this.audit.record('operator.kill-switch', null, {
      engaged: command.engaged,
      flatten,
      flattened: outcome.flattened.length,
      failed: outcome.failed.length,
      symbols: outcome.flattened.join(','),
    });
    this.logger.warn(`kill switch ${command.engaged ? 'engaged' : 'released'} by the operator`, {
      flatten,
      flattened: outcome.flattened.length,
      failed: outcome.failed.length,
    });
    return { ...state, flatten, flattened: outcome.flattened, failed: outcome.failed };
  }

  /** Entries resume before the UTC day ends (unless the kill switch is engaged). */
  async resetDailyLoss(): Promise<RiskStatusJson> {
    const risk = this.risk;
    const before = risk.status();
    await risk.resetDailyLoss(OPERATOR);
    const after = risk.status();
    this.audit.record('operator.risk-reset', null, {
      day: after.day,
      dailyRealizedPnlBefore: before.dailyRealizedPnl.toFixed(),
      dailyLossBreachedBefore: before.dailyLossBreached,
    });
    return riskStatusJson(after, risk.entriesBlocked());
  }
}
