/**
 * Lifecycle state shared by the routes: draining during a graceful shutdown, and a readiness probe.
 *
 * @example
 * const state = new ServiceState(async () => ({ ok: true, details: {} }));
 */
export class ServiceState {
  draining = false;
  constructor(private readonly probe: () => Promise<{ ok: boolean; reason?: string; details: Record<string, unknown> }>) {}

  async readiness(): Promise<{ ok: boolean; reason: string; details: Record<string, unknown> }> {
    try {
      const r = await this.probe();
      return { ok: r.ok, reason: r.reason ?? '', details: r.details };
    } catch (e) {
      return { ok: false, reason: (e as Error).message, details: {} };
    }
  }
}
