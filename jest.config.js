/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles; type
  // checking runs once in `tsc --noEmit` before jest.
  transform: { "^.+\\.ts$": "ts-jest" },
  // Jest's default leaves one core idle; the suites are CPU-bound synths, so
  // one worker per core finishes sooner on small CI machines.
  maxWorkers: "100%",
};
