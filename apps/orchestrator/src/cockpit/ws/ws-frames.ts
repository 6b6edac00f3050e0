import { isoUtc } from '@flotilla/core';

/** A frame serialised once, sent as a text frame to every client that gets it. */
export type Frame = Buffer;

export const frame = (body: Record<string, unknown>): Frame =>
  Buffer.from(JSON.stringify(body), 'utf8');

export const welcomeFrame = (heartbeatMs: number, nowMs: number): Frame =>
  frame({ type: 'welcome', heartbeatMs, serverTime: isoUtc(nowMs) });

export const heartbeatFrame = (nowMs: number): Frame =>
  frame({ type: 'heartbeat', serverTime: isoUtc(nowMs) });

export const pongFrame = (nowMs: number): Frame =>
  frame({ type: 'pong', serverTime: isoUtc(nowMs) });

export type ErrorCode = 'BAD_REQUEST' | 'NOT_FOUND';

export const errorFrame = (code: ErrorCode, message: string): Frame =>
  frame({ type: 'error', code, message });

export const subscribedFrame = (topics: readonly string[]): Frame =>
  frame({ type: 'subscribed', topics: [...topics].sort() });

export const droppedFrame = (count: number): Frame => frame({ type: 'dropped', count });

export const snapshotFrame = (topic: string, data: unknown, nowMs: number): Frame =>
  frame({ type: 'snapshot', topic, data, serverTime: isoUtc(nowMs) });

export const eventFrame = (topic: string, kind: string, data: unknown, atMs: number): Frame =>
  frame({ type: 'event', topic, kind, data, at: isoUtc(atMs) });
