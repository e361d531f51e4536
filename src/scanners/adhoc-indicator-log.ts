// The indicators a scanner provisions itself (`sessionData.addIndicator`, in `setup`), recorded so the
// journal says which indicators the scanner used beyond the ones its config declares: the setup
// row's metadata carries them as `adhocIndicators` (the dashboard draws them on its charts).

import type { PluginSessionData } from "../session/plugin-session-data.js";
import type { IndicatorRequest } from "../session/session-spec.js";

/** One indicator request of a setup, with how many symbols it was provisioned for. */
export interface AdhocIndicatorUse extends IndicatorRequest {
  readonly symbols: number;
}

export class AdhocIndicatorLog {
  private readonly uses = new Map<string, { request: IndicatorRequest; symbols: Set<string> }>();

  /** `data` whose `addIndicator` records every request that succeeds (added, or already there). */
  watch(data: PluginSessionData): PluginSessionData {
    return Object.freeze({
      ...data,
      addIndicator: async (symbol, type, options, requester) => {
        const added = await data.addIndicator(symbol, type, options, requester);
        this.record(symbol, type, options);
        return added;
      },
    } satisfies PluginSessionData);
  }

  /** The requests recorded, in first-call order. */
  list(): AdhocIndicatorUse[] {
    return [...this.uses.values()].map(({ request, symbols }) => ({ ...request, symbols: symbols.size }));
  }

  private record(symbol: string, type: string, options: Omit<IndicatorRequest, "type">): void {
    const request: IndicatorRequest = {
      type,
      ...(options.period === undefined ? {} : { period: options.period }),
      interval: options.interval,
      ...(options.params === undefined ? {} : { params: options.params }),
    };
    const key = JSON.stringify(request);
    let use = this.uses.get(key);
    if (!use) {
      use = { request, symbols: new Set() };
      this.uses.set(key, use);
    }
    use.symbols.add(symbol.toUpperCase());
  }
}
