import { LogAnalyticsSavedSearch } from "@cdktf/provider-azurerm/lib/log-analytics-saved-search";
import { Construct } from "constructs";

import type { HuntingQueryDefinition } from "../core/hunting";
import { HUNTING_CATEGORY } from "../core/hunting";
import {
  escapeTerraformTemplate,
  escapeTerraformTemplateValues,
} from "../core/terraform-escape";

export interface HuntingQueryProps {
  readonly query: HuntingQueryDefinition;
  /** The Log Analytics workspace id, from the onboarding resource when the stack onboards the workspace. */
  readonly workspaceId: string;
  /** The Terraform resource name. */
  readonly logicalId: string;
}

/** A campaign's hunt, saved in the workspace where Sentinel lists it under Hunting. */
export class HuntingQuery extends Construct {
  public readonly resource: LogAnalyticsSavedSearch;

  constructor(scope: Construct, id: string, props: HuntingQueryProps) {
    super(scope, id);
    const { query } = props;
    this.resource = new LogAnalyticsSavedSearch(this, "saved-search", {
      name: query.name,
      logAnalyticsWorkspaceId: props.workspaceId,
      category: HUNTING_CATEGORY,
      displayName: escapeTerraformTemplate(query.displayName),
      query: escapeTerraformTemplate(query.query),
      tags: escapeTerraformTemplateValues(query.tags),
    });
    this.resource.overrideLogicalId(props.logicalId);
  }
}
