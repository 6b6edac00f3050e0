import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { ConfigProblem } from './config-error';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** Validates plain data as cls; problems carry dotted paths under prefix. */
export function validateAs<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  prefix: string,
  sourceOf: (path: string) => string,
): { value: T; problems: ConfigProblem[] } {
  const value = plainToInstance(cls, plain);
  const problems = flatten(validateSync(value, OPTIONS), prefix, sourceOf);
  return { value, problems };
}

function flatten(
  errors: ValidationError[],
  prefix: string,
  sourceOf: (path: string) => string,
): ConfigProblem[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own: ConfigProblem[] = [];
    const constraints = e.constraints ?? {};
    if ('whitelistValidation' in constraints) {
      own.push({ path, value: e.value, rule: 'is not a known key', source: sourceOf(path) });
    } else {
      const rules = Object.entries(constraints)
        .filter(([name]) => name !== 'nestedValidation' || Object.keys(constraints).length === 1)
        .map(([, message]) => message);
      const unique = [...new Set(rules)];
      if (unique.length > 0) {
        own.push({ path, value: e.value, rule: unique.join('; '), source: sourceOf(path) });
      }
    }
    return [...own, ...flatten(e.children ?? [], path, sourceOf)];
  });
}
