/** The daemon's default address (contract `servers`). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9999;

/** `http://host:port`, bracketing IPv6 literals; host and port default to the daemon's default address. */
export function baseUrlOf(host: string = DEFAULT_HOST, port: number = DEFAULT_PORT): string {
  return `http://${host.includes(':') && host[0] != '[' ? `[${host}]` : host}:${port}`;
}
