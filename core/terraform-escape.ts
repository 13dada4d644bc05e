/**
 * Escapes text for a Terraform JSON string, where every string is read as a
 * template: a literal `${` must be written `$${` and a literal `%{` must be
 * written `%%{`. cdktf leaves plain strings as they are, so every piece of user
 * text (IOC values, KQL, descriptions) goes through this function once, where
 * it enters a resource. It also hides text that looks like a cdktf token.
 */
export function escapeTerraformTemplate(text: string): string {
  const escaped = text.replace(/([$%])\{/g, "$1$1{");

  // cdktf replaces `${TfToken[...]}`, `#{TfToken[...]}` and `&{TfToken[...]}`
  // with its own references, even after the escape above. An empty
  // interpolation splits the word, which Terraform then evaluates back to
  // the text as written.
  return escaped.replace(/TfToken\[/g, 'Tf${""}Token[');
}

/** Escapes every value of a string map with `escapeTerraformTemplate`. */
export function escapeTerraformTemplateValues(
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const escaped: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    escaped[key] = escapeTerraformTemplate(value);
  }
  return escaped;
}
