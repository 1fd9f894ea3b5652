/**
 * The one error the strategy engine throws for bad caller input. It carries the
 * offending field so the API layer can answer 400 with a pointed message
 * instead of leaking a stack trace or a raw zod issue list.
 */
export class StrategyInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'StrategyInputError';
    this.field = field;
  }
}

export function isStrategyInputError(value: unknown): value is StrategyInputError {
  return value instanceof StrategyInputError;
}
