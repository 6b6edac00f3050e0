import { ConfigProblem } from './config-error';
import { ENV_BINDINGS, EnvBinding } from './defaults';

type Plain = Record<string, unknown>;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defaults, then file, then env, then overrides; remembers where each value came from. */
export class Layers {
  readonly value: Plain = {};
  readonly problems: ConfigProblem[] = [];
  private readonly sources = new Map<string, string>();

  apply(layer: Plain, source: string): void {
    this.merge(this.value, layer, [], source);
  }

  applyEnv(env: NodeJS.ProcessEnv): void {
    for (const binding of ENV_BINDINGS) {
      const raw = env[binding.name];
      if (raw === undefined || raw.trim() === '') continue;
      this.set(binding.path, fromEnv(binding, raw), `env ${binding.name}`);
    }
  }

  /** The source of a path, or of its nearest ancestor that has one. */
  sourceOf(path: string): string {
    for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const found = this.sources.get(p.replace(/\[\d+\]$/, ''));
      if (found) return found;
    }
    return 'default';
  }

  private set(path: string[], value: unknown, source: string): void {
    let node = this.value;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Plain;
    }
    node[path[path.length - 1]] = value;
    this.sources.set(path.join('.'), source);
  }

  private merge(target: Plain, layer: Plain, prefix: string[], source: string): void {
    for (const [key, value] of Object.entries(layer)) {
      const path = [...prefix, key];
      if (FORBIDDEN_KEYS.has(key)) {
        this.problems.push({ path: path.join('.'), value, rule: 'is not a known key', source });
        continue;
      }
      this.sources.set(path.join('.'), source);
      if (isPlainObject(value) && isPlainObject(target[key])) {
        this.merge(target[key], value, path, source);
      } else {
        target[key] = isPlainObject(value) ? this.copy(value, path, source) : value;
      }
    }
  }

  private copy(value: Plain, path: string[], source: string): Plain {
    const out: Plain = {};
    this.merge(out, value, path, source);
    return out;
  }
}

function fromEnv(binding: EnvBinding, raw: string): unknown {
  const text = raw.trim();
  switch (binding.kind) {
    case 'int':
      // Left as a string when not numeric, so validation reports the value as given.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
    case 'bool':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return raw;
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'string':
      return raw;
  }
}
