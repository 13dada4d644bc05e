import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { EXAMPLE_DIR } from "./synth";

/**
 * A temporary copy of the example campaigns and workspaces file, for tests
 * that change them. `env` points synth at the copy.
 */
export class TempProject {
  readonly root = mkdtempSync(join(tmpdir(), "sentinel-ioc-project-"));
  readonly iocsDir = join(this.root, "iocs");
  readonly workspacesFile = join(this.root, "workspaces.yaml");

  constructor() {
    cpSync(join(EXAMPLE_DIR, "iocs"), this.iocsDir, { recursive: true });
    cpSync(join(EXAMPLE_DIR, "workspaces.yaml"), this.workspacesFile);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      SENTINEL_IOCS_DIR: this.iocsDir,
      SENTINEL_WORKSPACES: this.workspacesFile,
    };
  }

  read(relativePath: string): string {
    return readFileSync(join(this.root, relativePath), "utf8");
  }

  write(relativePath: string, text: string): void {
    mkdirSync(dirname(join(this.root, relativePath)), { recursive: true });
    writeFileSync(join(this.root, relativePath), text);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
