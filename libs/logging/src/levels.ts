import { DomainError } from '@flotilla/core';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) {
    throw new DomainError(
      'INVALID_CONFIG',
      `logging: level ${JSON.stringify(value)} must be one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  return level;
}

export function isEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return RANK[level] <= RANK[threshold];
}
