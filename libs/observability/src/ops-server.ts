import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

import { runChecks, type HealthChecks } from './health-checks.js';

export interface OpsServerOptions {
  /** TCP port. With 0 the operating system picks a free port, returned as `OpsServer.port`. */
  port: number;
  /** Interface to bind. Default `127.0.0.1`, but containers need `0.0.0.0` for the kubelet's probes. */
  host?: string;
  /** Registry served on `/metrics`. */
  registry: Registry;
  /** Named liveness checks for `/healthz` and readiness checks for `/readyz`. */
  checks?: { live?: HealthChecks; ready?: HealthChecks };
  /** Time each check may take before it counts as failed. Default 2,000 ms, so give probes a longer timeoutSeconds. */
  checkTimeoutMs?: number;
}

export interface OpsServer {
  /** Port the server listens on. */
  port: number;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/**
 * Starts the operations HTTP server of a service: `GET /healthz` (liveness), `GET /readyz`
 * (readiness, 503 naming the failing checks) and `GET /metrics` (Prometheus text format).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const server = createServer((request, response) => {
    handle(request, response, options, timeoutMs).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', `internal error: ${errorMessage(error)}\n`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: OpsServerOptions,
  timeoutMs: number,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://ops.invalid').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', 'method not allowed, use GET\n');
    return;
  }

  if (path === '/metrics') {
    send(response, 200, options.registry.contentType, await options.registry.metrics());
    return;
  }
  if (path === '/healthz' || path === '/readyz') {
    const checks = path === '/healthz' ? options.checks?.live : options.checks?.ready;
    const report = await runChecks(checks ?? {}, timeoutMs);
    send(response, report.status === 'ok' ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
    return;
  }
  send(response, 404, 'text/plain; charset=utf-8', 'not found, use /healthz, /readyz or /metrics\n');
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
