/**
 * Returns a Terraform resource name such as `rule_smartapesg_url_click`. The
 * constructs set every logical id from stable keys with this function, so a
 * resource's address never depends on where its construct sits in the tree.
 */
export function terraformName(...parts: readonly string[]): string {
  return parts.map((part) => part.replace(/-/g, "_")).join("_");
}
