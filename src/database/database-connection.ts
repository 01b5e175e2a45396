import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseConnection {
  url: string;
  embedded: boolean;
  /** True when an embedded cluster was created by this start (first run on this machine). */
  freshlyCreated: boolean;
  close(): Promise<void>;
  /** The embedded postgres exited on its own; never called for an external database. */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

/** `DATABASE_URL` wins; without it the embedded cluster under `DATA_DIR` is started. */
export async function connectDatabase(
  config: AppConfig,
  onLog?: (message: string) => void,
): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      embedded: false,
      freshlyCreated: false,
      close: async () => undefined,
      onUnexpectedExit: () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedDbPort,
    onLog,
  });
  return {
    url: embedded.url,
    embedded: true,
    freshlyCreated: embedded.created,
    close: embedded.stop,
    onUnexpectedExit: embedded.onUnexpectedExit,
  };
}
