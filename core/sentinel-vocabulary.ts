/** Alert severities the Sentinel API accepts. */
export const SEVERITIES = ["High", "Medium", "Low", "Informational"] as const;

export type Severity = (typeof SEVERITIES)[number];

/** Tactics the Sentinel alert rules API (2023-12-01-preview) accepts. */
export const TACTICS = [
  "Collection",
  "CommandAndControl",
  "CredentialAccess",
  "DefenseEvasion",
  "Discovery",
  "Execution",
  "Exfiltration",
  "Impact",
  "ImpairProcessControl",
  "InhibitResponseFunction",
  "InitialAccess",
  "LateralMovement",
  "Persistence",
  "PreAttack",
  "PrivilegeEscalation",
  "Reconnaissance",
  "ResourceDevelopment",
] as const;

export type Tactic = (typeof TACTICS)[number];
