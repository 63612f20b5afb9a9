import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Service } from './app.js';

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /**
   * Graceful shutdown: stop accepting connections, mark not-ready, let in-flight requests finish (idle
   * keep-alive connections are closed at once, busy ones after their response), drain jobs, stop the pool,
   * and close the store. Connections still open after `shutdownTimeoutMs` are cut.
   */
  close(): Promise<void>;
}

/**
 * Listen on `host:port` (port 0 picks a free one) once the service has started.
 *
 * @example
 * const running = await listen(service, { port: 8080, host: '127.0.0.1' });
 * process.once('SIGTERM', () => void running.close());
 */
export async function listen(service: Service, opts: { port: number; host: string }): Promise<RunningServer> {
  await service.start();
  const server = createServer(service.app);
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      service.state.draining = true;
      service.logger.info('shutting down: draining requests and jobs');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), service.config.shutdownTimeoutMs);
      timer.unref();
      await Promise.all([closed, service.stop()]);
      clearTimeout(timer);
      await service.store.close();
      service.logger.info('shut down cleanly');
    })();
    return closing;
  };
  return { server, port, url: `http://${opts.host}:${port}`, close };
}
