/**
 * A worker that checkpoints the WAL of an SQLite file now and then, on its own connection and
 * thread: the copying back and syncing to disk never holds up the server's requests.
 */
import { DatabaseSync } from "node:sqlite";

self.onmessage = (event: MessageEvent<{ path: string; everyMs: number }>) => {
  const db = new DatabaseSync(event.data.path);
  db.exec("PRAGMA busy_timeout = 5000;");
  const timer = setInterval(() => {
    try {
      db.exec("PRAGMA wal_checkpoint(PASSIVE);");
    } catch {
      // busy or closing: the next round tries again
    }
  }, event.data.everyMs);
  self.onmessage = () => {
    clearInterval(timer);
    try {
      db.exec("PRAGMA wal_checkpoint(TRUNCATE);");
    } catch { /* the server checkpoints at close */ }
    db.close();
    self.postMessage("closed");
  };
};
