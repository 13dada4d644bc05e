import {
  attackTechnique,
  attackTechniques,
  techniqueTacticProblems,
  unknownTechniques,
} from "../core/attack/techniques";
import { TACTICS } from "../core/sentinel-vocabulary";

/** ATT&CK Enterprise tactics. The API's list also contains ICS and pre-attack ones. */
const ENTERPRISE_TACTICS = TACTICS.filter(
  (tactic) =>
    !["ImpairProcessControl", "InhibitResponseFunction", "PreAttack"].includes(
      tactic,
    ),
);

describe("shipped ATT&CK technique list", () => {
  const techniques = attackTechniques();

  it("holds the Enterprise techniques in id order, each once", () => {
    const ids = techniques.map((technique) => technique.id);
    expect(ids).toHaveLength(210);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids.filter((id) => !/^T\d{4}$/.test(id))).toEqual([]);
  });

  it("names every technique and gives it tactics from the API's list", () => {
    expect(techniques.filter((technique) => technique.name === "")).toEqual([]);
    const used = new Set(techniques.flatMap((technique) => technique.tactics));
    expect([...used].sort()).toEqual([...ENTERPRISE_TACTICS].sort());
    expect(
      techniques.filter(
        (technique) =>
          technique.tactics.length === 0 ||
          new Set(technique.tactics).size !== technique.tactics.length,
      ),
    ).toEqual([]);
  });

  it.each([
    ["T1071", "Application Layer Protocol", ["CommandAndControl"]],
    ["T1189", "Drive-by Compromise", ["InitialAccess"]],
    ["T1204", "User Execution", ["Execution"]],
    ["T1608", "Stage Capabilities", ["ResourceDevelopment"]],
    [
      "T1053",
      "Scheduled Task/Job",
      ["Execution", "Persistence", "PrivilegeEscalation"],
    ],
  ])("maps %s to its tactics", (id, name, tactics) => {
    expect(attackTechnique(id)).toEqual({ id, name, tactics });
  });
});

describe("techniqueTacticProblems", () => {
  it("accepts techniques that sit under a listed tactic", () => {
    expect(
      techniqueTacticProblems(
        ["T1189", "T1204", "T1071", "T1053"],
        ["InitialAccess", "Execution", "CommandAndControl"],
      ),
    ).toEqual([]);
  });

  it("names the one tactic a technique needs", () => {
    expect(
      techniqueTacticProblems(["T1189", "T1071"], ["InitialAccess"]),
    ).toEqual([
      {
        technique: "T1071",
        problem:
          "T1071 (Application Layer Protocol) belongs to CommandAndControl, which tactics does not list; Sentinel expects each technique under one of the rule's tactics. Add CommandAndControl to tactics, or remove T1071",
      },
    ]);
  });

  it("names every tactic of a technique with several", () => {
    expect(techniqueTacticProblems(["T1053"], ["Discovery"])).toEqual([
      {
        technique: "T1053",
        problem:
          "T1053 (Scheduled Task/Job) belongs to Execution, Persistence, PrivilegeEscalation, none of which tactics lists; Sentinel expects each technique under one of the rule's tactics. Add one of Execution, Persistence, PrivilegeEscalation to tactics, or remove T1053",
      },
    ]);
  });

  it("leaves techniques outside the shipped list to the warning", () => {
    expect(techniqueTacticProblems(["T1699"], [])).toEqual([]);
    expect(unknownTechniques(["T1071", "T1699", "T1071.001"])).toEqual([
      "T1699",
    ]);
  });
});
