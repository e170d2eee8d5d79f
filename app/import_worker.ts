/** Entry of the Fluvius import worker (started by the import page): it serves from load on. */
import { type ImportScope, serveImports } from "./browser/import_worker.ts";

serveImports(self as unknown as ImportScope);
