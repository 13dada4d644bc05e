/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles; type
  // checking runs once in `tsc --noEmit` before jest.
  transform: { "^.+\\.ts$": "ts-jest" },
};
