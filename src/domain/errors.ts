/**
 * An input the pipeline cannot read. Errors are values at boundaries: readers return or throw this typed error,
 * and front doors (CLI, app) turn it into one clear line without a stack trace.
 */
export class InputError extends Error {
  constructor(
    /** Stable machine-readable reason, e.g. `pdf_encrypted`, `not_found`, `too_large`. */
    readonly code: string,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
