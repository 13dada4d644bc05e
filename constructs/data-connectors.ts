import { LogAnalyticsSolution } from "@cdktf/provider-azurerm/lib/log-analytics-solution";
import { SentinelDataConnectorMicrosoftThreatProtection } from "@cdktf/provider-azurerm/lib/sentinel-data-connector-microsoft-threat-protection";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import type { ITerraformDependable } from "cdktf";
import { Annotations } from "cdktf";
import { Construct } from "constructs";

import type { WorkspaceConfig } from "../core/config/workspaces";
import { azureWorkspaceId } from "../core/config/workspaces";
import { connectorName } from "../core/identity";

export interface DataConnectorsProps {
  readonly workspace: WorkspaceConfig;
  /** The Log Analytics workspace id, taken from the onboarding resource when the stack onboards the workspace. */
  readonly workspaceId: string;
  /** The onboarding resource, when the stack onboards the workspace. */
  readonly onboarding?: ITerraformDependable;
}

/** The warning synth prints for every workspace that gets the Defender XDR connector. */
const EVENT_STREAMING_WARNING =
  "UrlClickEvents stays empty until the Microsoft Defender XDR connector streams it: in the Sentinel portal, open Data connectors > Microsoft Defender XDR > Connect events, tick UrlClickEvents under Microsoft Defender for Office 365 and save. The azurerm provider cannot set this.";

/**
 * The data connectors that fill the tables the rules read: the DNS Analytics
 * solution for `DnsEvents`, or for `ASimDnsActivityLogs` an Azure Monitor
 * Agent data collection rule on the listed DNS servers, and the Microsoft
 * Defender XDR connector for `UrlClickEvents`. Each one is switched per
 * workspace.
 */
export class DataConnectors extends Construct {
  public readonly dnsAnalytics?: LogAnalyticsSolution;
  public readonly defenderXdr?: SentinelDataConnectorMicrosoftThreatProtection;
  /** The Azure Monitor Agent data collection rule for DNS, with the DNS servers it covers. */
  public readonly dnsCollection?: MonitorDataCollectionRule;
  public readonly dnsServers: readonly MonitorDataCollectionRuleAssociation[] =
    [];

  constructor(scope: Construct, id: string, props: DataConnectorsProps) {
    super(scope, id);
    const { workspace } = props;

    if (workspace.connectors.dnsAnalytics) {
      this.dnsAnalytics = new LogAnalyticsSolution(this, "dns-analytics", {
        solutionName: "DnsAnalytics",
        // The workspace schema requires a location whenever this connector is on.
        location: workspace.location ?? "",
        resourceGroupName: workspace.resourceGroupName,
        workspaceName: workspace.workspaceName,
        workspaceResourceId: azureWorkspaceId(workspace),
        plan: { publisher: "Microsoft", product: "OMSGallery/DnsAnalytics" },
      });
      this.dnsAnalytics.overrideLogicalId("connector_dns_analytics");
    }

    if (workspace.connectors.defenderXdr) {
      this.defenderXdr = new SentinelDataConnectorMicrosoftThreatProtection(
        this,
        "defender-xdr",
        {
          name: connectorName(workspace.key, "defender-xdr"),
          logAnalyticsWorkspaceId: props.workspaceId,
          tenantId: workspace.tenantId,
        },
      );
      this.defenderXdr.overrideLogicalId("connector_defender_xdr");
      Annotations.of(this.defenderXdr).addWarning(EVENT_STREAMING_WARNING);
    }

    if (workspace.dns.source === "ama") {
      this.dnsCollection = new MonitorDataCollectionRule(this, "dns-ama", {
        name: `dcr-sentinel-dns-${workspace.key}`,
        resourceGroupName: workspace.resourceGroupName,
        // The workspace schema requires a location for the AMA DNS source.
        location: workspace.location ?? "",
        kind: "Windows",
        description:
          "Windows DNS events for Microsoft Sentinel, managed by sentinel-ioc-cdktf.",
        destinations: {
          logAnalytics: [
            {
              name: "sentinel",
              workspaceResourceId: azureWorkspaceId(workspace),
            },
          ],
        },
        dataSources: {
          extension: [
            {
              name: "windows-dns",
              extensionName: "MicrosoftDnsAgent",
              streams: [DNS_STREAM],
            },
          ],
        },
        dataFlow: [{ streams: [DNS_STREAM], destinations: ["sentinel"] }],
        // Events land in the workspace only once it runs Sentinel.
        dependsOn: props.onboarding === undefined ? [] : [props.onboarding],
      });
      this.dnsCollection.overrideLogicalId("connector_dns_ama");

      this.dnsServers = [...workspace.dns.servers].sort().map((server) => {
        const association = new MonitorDataCollectionRuleAssociation(
          this,
          `dns-ama-${connectorName(workspace.key, server)}`,
          {
            name: `sentinel-dns-${connectorName(workspace.key, server).slice(0, 8)}`,
            targetResourceId: server,
            dataCollectionRuleId: this.dnsCollection?.id ?? "",
          },
        );
        association.overrideLogicalId(
          `connector_dns_ama_${connectorName(workspace.key, server).slice(0, 8)}`,
        );
        return association;
      });
    }
  }
}

/** The stream the AMA DNS extension writes, which lands in ASimDnsActivityLogs. */
const DNS_STREAM = "Microsoft-ASimDnsActivityLogs";
