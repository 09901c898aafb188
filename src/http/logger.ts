/**
 * Where the client writes: one `debug` line per request when debugging is on, and `warn` for
 * things the user should fix (e.g. a state.json readable by others). Lines never hold the token.
 */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}
