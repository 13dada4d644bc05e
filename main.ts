import { App } from "cdktf";

import { addWorkspaceStacks } from "./constructs/sentinel-ioc-app";
import { InputError } from "./core/errors";
import { loadInputs } from "./core/inputs";
import { formatSynthReport } from "./core/report";
import { validateContent } from "./core/validation/validate-content";

function main(): void {
  const inputs = loadInputs(__dirname);
  console.log(formatSynthReport(inputs));
  validateContent(inputs);

  const app = new App({ stackTraces: false });
  addWorkspaceStacks(app, inputs.workspaces, inputs.campaigns);
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof InputError)) {
    throw error;
  }
  // Bad input is the user's to fix, so it gets the message without a stack trace.
  console.error(error.message);
  process.exit(1);
}
