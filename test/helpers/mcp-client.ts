/**
 * An external agent for tests: the MCP SDK's own client over either transport, with calls that
 * answer the tool result's text (parsed when it is JSON) and whether it was an error.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Json } from './http-server.js';

export interface ToolAnswer {
  isError: boolean;
  text: string;
  /** The text parsed, when it is JSON. */
  json: Json | undefined;
}

export interface Agent {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

export async function connectAgent(transport: Transport): Promise<Agent> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as { type: string; text?: string }[];
      const text = content.map((c) => c.text ?? '').join('');
      let json: Json | undefined;
      try {
        json = JSON.parse(text) as Json;
      } catch {
        json = undefined;
      }
      return { isError: result.isError === true, text, json };
    },
    close: () => client.close(),
  };
}

/** An agent over streamable HTTP at `<url>/mcp`, with extra headers (Authorization). */
export function httpAgent(url: string, headers: Record<string, string> = {}): Promise<Agent> {
  return connectAgent(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
}
