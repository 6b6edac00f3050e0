import type { Command } from './context';
import { control } from './control';
import { enginesLs, status, wait } from './engines';
import { logs } from './logs';
import type { CommandName } from './specs';
import { audit, killSwitch, positions } from './trading';

export const RUNNERS: Readonly<Record<CommandName, Command>> = {
  'engines ls': enginesLs,
  status,
  wait,
  start: control('start'),
  stop: control('stop'),
  restart: control('restart'),
  pause: control('pause'),
  resume: control('resume'),
  flatten: control('flatten'),
  logs,
  'kill-switch': killSwitch,
  positions,
  audit,
};

export type { CliClock, Command, CommandContext } from './context';
