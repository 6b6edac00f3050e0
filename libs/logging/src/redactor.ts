/** Field names whose values are never written, whatever they hold. */
export const SECRET_KEY_PATTERN =
  /pass(word)?|secret|token|api[-_]?key|authorization|cookie|databaseUrl/i;
export const REDACTED = '[REDACTED]';

// scheme://user:password@host → scheme://user:[REDACTED]@host
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s/?#@]+)@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g;
// Shorter values would blank out ordinary words in every line.
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes secrets from keys and strings before anything is serialised. */
export class Redactor {
  private readonly secrets = new Set<string>();
  private secretPattern: RegExp | null = null;

  constructor(secrets: readonly string[] = []) {
    for (const s of secrets) this.addSecret(s);
  }

  addSecret(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    if (this.secrets.has(value)) return;
    this.secrets.add(value);
    // Longest first so a secret that contains another is masked whole.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.secretPattern = new RegExp(alternatives.join('|'), 'g');
  }

  isSecretKey(key: string): boolean {
    return SECRET_KEY_PATTERN.test(key);
  }

  scrub(text: string): string {
    let out = text;
    if (this.secretPattern) out = out.replace(this.secretPattern, REDACTED);
    if (out.includes('://')) out = out.replace(URL_CREDENTIALS, `$1:${REDACTED}@`);
    if (out.includes('Bearer')) out = out.replace(BEARER, `$1${REDACTED}`);
    return out;
  }
}
