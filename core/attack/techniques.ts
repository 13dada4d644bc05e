import techniqueFile from "./enterprise-techniques.json";
import type { Tactic } from "../sentinel-vocabulary";

/** A MITRE ATT&CK Enterprise technique and the tactics it belongs to, in the API's spelling. */
export interface AttackTechnique {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly Tactic[];
}

// NOTE: enterprise-techniques.json lists ATT&CK v17's techniques by hand, without
// sub-techniques. A tactic that ATT&CK assigns and the file lacks is fixed there.

/** The ATT&CK release the shipped technique list follows, for messages about techniques it lacks. */
export const ATTACK_SOURCE: string = techniqueFile.source;

const TECHNIQUES: ReadonlyMap<string, AttackTechnique> = new Map(
  Object.entries(techniqueFile.techniques).map(([id, entry]) => [
    id,
    { id, name: entry.name, tactics: entry.tactics as Tactic[] },
  ]),
);

/** Returns the technique with this id (`T` and four digits), or undefined when the shipped list lacks it. */
export function attackTechnique(id: string): AttackTechnique | undefined {
  return TECHNIQUES.get(id);
}

/** Returns every technique in the shipped list, in id order. */
export function attackTechniques(): AttackTechnique[] {
  return [...TECHNIQUES.values()];
}

/**
 * Returns why `techniques` and `tactics` do not fit together: one sentence
 * per technique that belongs to none of the listed tactics, naming the
 * tactics to add. Techniques missing from the shipped list are left to
 * `unknownTechniques`, since a newer ATT&CK release may hold them.
 */
export function techniqueTacticProblems(
  techniques: readonly string[],
  tactics: readonly string[],
): { technique: string; problem: string }[] {
  return techniques.flatMap((id) => {
    const technique = TECHNIQUES.get(id);
    if (
      technique === undefined ||
      technique.tactics.some((tactic) => tactics.includes(tactic))
    ) {
      return [];
    }
    const [only] = technique.tactics;
    const unlisted =
      technique.tactics.length === 1
        ? `${only}, which tactics does not list`
        : `${technique.tactics.join(", ")}, none of which tactics lists`;
    const needed =
      technique.tactics.length === 1
        ? only
        : `one of ${technique.tactics.join(", ")}`;
    return [
      {
        technique: id,
        problem: `${id} (${technique.name}) belongs to ${unlisted}; Sentinel expects each technique under one of the rule's tactics. Add ${needed} to tactics, or remove ${id}`,
      },
    ];
  });
}

/** Returns the techniques of `techniques` that are not in the shipped list. */
export function unknownTechniques(techniques: readonly string[]): string[] {
  return techniques.filter((id) => /^T\d{4}$/.test(id) && !TECHNIQUES.has(id));
}
