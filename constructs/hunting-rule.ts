import { SentinelAlertRuleScheduled } from "@cdktf/provider-azurerm/lib/sentinel-alert-rule-scheduled";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

import type { RuleDefinition } from "../core/rules";
import {
  escapeTerraformTemplate,
  escapeTerraformTemplateValues,
} from "../core/terraform-escape";

export interface HuntingRuleProps {
  readonly rule: RuleDefinition;
  /** The Log Analytics workspace id, taken from the onboarding resource when the stack onboards the workspace. */
  readonly workspaceId: string;
  /** Resources the query reads, such as the campaign's watchlist, created first. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The Terraform resource name. */
  readonly logicalId: string;
}

/** A scheduled analytics rule that raises one alert per matching event and groups alerts into incidents. */
export class HuntingRule extends Construct {
  public readonly resource: SentinelAlertRuleScheduled;

  constructor(scope: Construct, id: string, props: HuntingRuleProps) {
    super(scope, id);
    const { rule } = props;

    this.resource = new SentinelAlertRuleScheduled(this, "rule", {
      name: rule.name,
      logAnalyticsWorkspaceId: props.workspaceId,
      displayName: escapeTerraformTemplate(rule.displayName),
      description: escapeTerraformTemplate(rule.description),
      severity: rule.severity,
      tactics: [...rule.tactics],
      techniques: [...rule.techniques],
      enabled: rule.enabled,
      query: escapeTerraformTemplate(rule.query),
      queryFrequency: rule.queryFrequency,
      queryPeriod: rule.queryPeriod,
      triggerOperator: rule.triggerOperator,
      triggerThreshold: rule.triggerThreshold,
      suppressionEnabled: rule.suppressionEnabled,
      suppressionDuration: rule.suppressionDuration,
      eventGrouping: { aggregationMethod: "AlertPerResult" },
      customDetails: escapeTerraformTemplateValues(rule.customDetails),
      alertDetailsOverride: [
        {
          displayNameFormat: escapeTerraformTemplate(
            rule.alertDisplayNameFormat,
          ),
          descriptionFormat: escapeTerraformTemplate(
            rule.alertDescriptionFormat,
          ),
        },
      ],
      incident: {
        createIncidentEnabled: rule.createIncident,
        grouping: {
          enabled: rule.grouping.enabled,
          lookbackDuration: rule.grouping.lookbackDuration,
          entityMatchingMethod: rule.grouping.matchingMethod,
          // The entity list means something only to the Selected method.
          ...(rule.grouping.matchingMethod === "Selected"
            ? { byEntities: [...rule.groupingEntities] }
            : {}),
          reopenClosedIncidents: rule.grouping.reopenClosedIncidents,
        },
      },
      dependsOn: [...props.dependsOn],
      // The API rejects an empty list of entity mappings, so none means no block.
      ...(rule.entityMappings.length === 0
        ? {}
        : {
            entityMapping: rule.entityMappings.map((mapping) => ({
              entityType: mapping.entityType,
              fieldMapping: mapping.fieldMappings.map((field) => ({
                ...field,
              })),
            })),
          }),
    });
    this.resource.overrideLogicalId(props.logicalId);
  }
}
