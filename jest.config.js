/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking runs once in `tsc --noEmit` before jest, so ts-jest only transpiles.
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true }],
  },
};
