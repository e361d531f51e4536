// Opens the bar store a location names: a PostgreSQL URL (`postgres://…`) gives the server-backed
// store, anything else the SQLite file (or `:memory:`). The one place that picks the backend.

import { BarStore, type BarStoreOptions } from "./bar-store.js";
import type { BarStorePort } from "./bar-store-port.js";
import { isPostgresUrl } from "./pg/pg-url.js";
import { PgBarStore, type PgBarStoreOptions } from "./pg-bar-store.js";

export type OpenBarStoreOptions = BarStoreOptions & PgBarStoreOptions;

export function openBarStore(location: string, options: OpenBarStoreOptions = {}): BarStorePort {
  return isPostgresUrl(location) ? PgBarStore.open(location, options) : BarStore.open(location, options);
}
