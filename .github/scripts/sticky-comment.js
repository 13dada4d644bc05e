// Creates or updates the pull request's one review comment, found by the
// marker the review report starts with, so new pushes edit it in place.
const { readFileSync, existsSync } = require("node:fs");

const MARKER = "<!-- sentinel-ioc-review -->";
const BOT = "github-actions[bot]";
const LIMIT = 65000; // GitHub rejects comment bodies over 65,536 characters.

module.exports = async function stickyComment({ github, context }, files) {
  const parts = files
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, "utf8"));
  let body = parts.join("\n\n");
  if (!body.startsWith(MARKER)) {
    body = `${MARKER}\n${body}`;
  }
  if (body.length > LIMIT) {
    body = `${body.slice(0, LIMIT)}\n\n(cut off: the full report is in the workflow's artifacts)`;
  }

  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
  });
  // Only the workflow's own comment counts: anyone can write the marker.
  const existing = comments.find(
    (comment) =>
      comment.user?.login === BOT && comment.body?.startsWith(MARKER),
  );
  if (existing === undefined) {
    await github.rest.issues.createComment({ owner, repo, issue_number, body });
  } else {
    await github.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body,
    });
  }
};
