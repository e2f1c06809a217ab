/** How a CLI command reaches a running server: its URL and token from the environment, and its errors as CLI errors. */
import { ApiClient, ApiError } from './api-client.js';
import { CliError, EXIT_FAILURE } from './cli-error.js';
import type { CliContext } from './context.js';
import { localServerUrl } from './server-address.js';

export function clientFor(ctx: CliContext, server: string | undefined): ApiClient {
  const env = ctx.env();
  return new ApiClient({
    baseUrl: server ?? localServerUrl(env),
    ...(env.API_TOKEN ? { token: env.API_TOKEN } : {}),
  });
}

/** Turns API failures into CLI failures: the server's own message, no stack. */
export async function asCli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(error.message, EXIT_FAILURE);
    throw error;
  }
}
