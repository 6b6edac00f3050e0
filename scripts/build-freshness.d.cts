export interface BuildState {
  readonly stale: boolean;
  readonly reason: string;
}
export declare const OUTPUTS: readonly string[];
export declare const STAMP: string;
export declare function buildState(root: string): BuildState;
export declare function beginBuild(root: string): void;
export declare function finishBuild(root: string): void;
