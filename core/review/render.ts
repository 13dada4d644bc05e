import type { ItemSummary, WorkspaceReview } from "./compare";
import type { GuardFinding } from "./guards";

/** The marker the pull-request workflow finds its own comment by, to update it in place. */
export const COMMENT_MARKER = "<!-- sentinel-ioc-review -->";

/** A review: what changes per workspace, and the guards that fired. */
export interface Review {
  readonly base: string;
  readonly head: string;
  readonly workspaces: readonly WorkspaceReview[];
  readonly guards: readonly GuardFinding[];
}

/** Returns the review as the JSON the command prints with `--format json`. */
export function renderJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}

/**
 * Returns the review as Markdown for a pull-request comment: guards first,
 * then a summary table, then per workspace its rule and connector changes,
 * then each distinct watchlist change once with the workspaces it applies to.
 * Item lists stop at `listLimit` entries, then give a count.
 */
export function renderMarkdown(review: Review, listLimit = 100): string {
  const lines = [COMMENT_MARKER, "# Sentinel content review", ""];
  lines.push(`Base \`${review.base}\`, head \`${review.head}\`.`, "");

  lines.push("## Guards", "");
  if (review.guards.length === 0) {
    lines.push("No guard fired.", "");
  } else {
    for (const finding of review.guards) {
      const state = finding.acknowledged
        ? "acknowledged"
        : `blocks the merge; acknowledge with \`--allow ${finding.guard}\``;
      lines.push(
        `- **${finding.guard}** in \`${finding.workspace}\`: ${text(finding.message)} (${state})`,
      );
    }
    lines.push("");
  }

  lines.push(
    "## Summary",
    "",
    "| workspace | change | rules added | rules changed | rules removed | items added | items removed | items changed | connectors changed | hunting queries changed |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const workspace of review.workspaces) {
    const sum = (
      pick: (list: WorkspaceReview["watchlists"][number]) => number,
    ) => workspace.watchlists.reduce((total, list) => total + pick(list), 0);
    lines.push(
      `| ${workspace.key} | ${workspace.status} | ${workspace.rules.added.length} | ${workspace.rules.changed.length} | ${workspace.rules.removed.length} | ${sum((list) => list.added.length)} | ${sum((list) => list.removed.length)} | ${sum((list) => list.changed.length)} | ${workspace.connectors.length} | ${workspace.huntingQueries.length} |`,
    );
  }
  lines.push("");

  for (const workspace of review.workspaces) {
    const { rules, connectors, huntingQueries } = workspace;
    const ruleChanges =
      rules.added.length + rules.removed.length + rules.changed.length;
    if (ruleChanges + connectors.length + huntingQueries.length === 0) {
      continue;
    }
    lines.push(`## ${workspace.key} (${workspace.status})`, "");
    if (workspace.status === "removed") {
      lines.push(
        `Its stack is no longer synthesised, so nothing is deleted: its ${rules.removed.length} rules, its watchlists and its connectors stay deployed until \`npx cdktf destroy ${workspace.key}\` runs from the base.`,
        "",
      );
      continue;
    }
    for (const rule of rules.added) {
      lines.push(
        `- Rule added: ${text(rule.displayName)}${rule.enabled ? "" : " (off)"}`,
      );
    }
    for (const rule of rules.removed) {
      lines.push(`- Rule removed: ${text(rule.displayName)}`);
    }
    if (rules.added.length + rules.removed.length > 0) {
      lines.push("");
    }
    for (const rule of rules.changed) {
      lines.push(`### Rule changed: ${text(rule.displayName)}`, "");
      if (rule.settings.length > 0) {
        lines.push("| setting | base | head |", "|---|---|---|");
        for (const setting of rule.settings) {
          lines.push(
            `| ${setting.setting} | ${cell(compact(setting.before))} | ${cell(compact(setting.after))} |`,
          );
        }
        lines.push("");
      }
      if (rule.queryDiff !== undefined) {
        lines.push("```diff", rule.queryDiff.trimEnd(), "```", "");
      }
    }
    for (const connector of connectors) {
      lines.push(
        `- ${connector.change === "changed" ? `Changed (${connector.attributes.join(", ")})` : connector.change === "added" ? "Added" : "Removed"}: \`${connector.address}\``,
      );
    }
    if (connectors.length > 0) {
      lines.push("");
    }
    for (const hunt of huntingQueries) {
      lines.push(
        `- Hunting query ${hunt.change === "changed" ? `changed (${hunt.attributes.join(", ")})` : hunt.change}: ${text(hunt.displayName)}`,
      );
    }
    if (huntingQueries.length > 0) {
      lines.push("");
    }
  }

  // Workspaces of one campaign usually get the same item changes, so each
  // distinct change is listed once with the workspaces it applies to.
  const groups = new Map<
    string,
    { list: WorkspaceReview["watchlists"][number]; workspaces: string[] }
  >();
  for (const workspace of review.workspaces) {
    if (workspace.status === "removed") {
      continue;
    }
    for (const list of workspace.watchlists) {
      const { address: _address, ...change } = list;
      const key = JSON.stringify(change);
      const group = groups.get(key) ?? { list, workspaces: [] };
      group.workspaces.push(workspace.key);
      groups.set(key, group);
    }
  }
  if (groups.size > 0) {
    lines.push("## Watchlist changes", "");
  }
  for (const { list, workspaces } of groups.values()) {
    lines.push(
      `### ${text(list.alias)}: ${list.before} → ${list.after} items, in ${workspaces.join(", ")}`,
      "",
    );
    if (list.replacedBy.length > 0) {
      lines.push(
        `Replaced, because ${list.replacedBy.join(", ")} changed.`,
        "",
      );
    }
    lines.push(...itemList("Added", list.added, listLimit));
    lines.push(...itemList("Removed", list.removed, listLimit));
    lines.push(
      ...itemList(
        "Changed",
        list.changed.map((item) => ({
          ...item,
          note: item.fields
            .map(
              (field) =>
                `${field.field} ${code(field.before || "(empty)")} → ${code(field.after || "(empty)")}`,
            )
            .join(", "),
        })),
        listLimit,
      ),
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function itemList(
  title: string,
  items: readonly (ItemSummary & { note?: string })[],
  limit: number,
): string[] {
  if (items.length === 0) {
    return [];
  }
  const listed = items
    .slice(0, limit)
    .map(
      (item) =>
        `- ${item.type} ${code(item.indicator)}${item.note === undefined ? "" : `: ${item.note}`}`,
    );
  const more =
    items.length > limit ? [`- and ${items.length - limit} more`] : [];
  return [`${title} (${items.length}):`, "", ...listed, ...more, ""];
}

function compact(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

/** Keeps a value inside one table cell: no pipes or line breaks. */
function cell(text: string): string {
  return code(text.replace(/\|/g, "\\|"));
}

/**
 * Writes text as inline code, with a fence longer than any run of backticks
 * in it so the text shows as written. Line breaks become spaces, since inline
 * code cannot hold them.
 */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const longest = Math.max(
    0,
    ...(flat.match(/`+/g) ?? []).map((run) => run.length),
  );
  const fence = "`".repeat(longest + 1);
  const padding = longest > 0 || flat.startsWith(" ") ? " " : "";
  return `${fence}${padding}${flat}${padding}${fence}`;
}

/**
 * Escapes text from feeds and manifests for Markdown outside code: HTML is
 * shown, not run, so a name cannot hide the rest of the comment, and line
 * breaks become spaces.
 */
function text(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\r\n]+/g, " ");
}
