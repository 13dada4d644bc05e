import type { CampaignSchedule } from "../core/config/workspaces";
import { parseWorkspaces } from "../core/config/workspaces";
import { loadInputs } from "../core/inputs";
import { iocWatchlists } from "../core/kql/kusto-parser";
import { buildCampaignRules } from "../core/rules";
import { checkRule } from "../core/validation/check-rule";
import type { StackJson } from "./support/synth";
import {
  countResources,
  EXAMPLE_ENV,
  PROJECT_DIR,
  resourceOf,
  synthProject,
} from "./support/synth";

const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);
const [campaign] = inputs.campaigns;
const watchlists = iocWatchlists([campaign.watchlistAlias]);

describe("DNS sources", () => {
  it.each([
    ["dnsevents", 'DnsEvents\n| where SubType == "LookupQuery"'],
    [
      "ama",
      'ASimDnsActivityLogs\n| where EventType == "Query"\n| extend Name = DnsQuery, Computer = Dvc, ClientIP = SrcIpAddr, QueryType = DnsQueryTypeName, IPAddresses = DnsResponseName',
    ],
    [
      "asim",
      '_Im_Dns()\n| where EventType == "Query"\n| extend Name = DnsQuery, Computer = Dvc, ClientIP = SrcIpAddr, QueryType = DnsQueryTypeName, IPAddresses = DnsResponseName',
    ],
  ] as const)("reads %s and passes every check", (source, start) => {
    const [dns] = buildCampaignRules("ws", campaign, {}, source);

    expect(dns.query).toContain(start);
    expect(checkRule(dns, watchlists)).toEqual([]);
  });

  it("collects AMA DNS events from the listed servers", () => {
    const stack = synthProject().stacks.get("northwind-eu") as StackJson;
    const rule = resourceOf(
      stack,
      "azurerm_monitor_data_collection_rule",
      "connector_dns_ama",
    ) as Record<string, unknown>;

    expect(rule).toMatchObject({
      name: "dcr-sentinel-dns-northwind-eu",
      kind: "Windows",
      location: "westeurope",
      resource_group_name: "rg-sentinel-eu",
      data_sources: {
        extension: [
          {
            name: "windows-dns",
            extension_name: "MicrosoftDnsAgent",
            streams: ["Microsoft-ASimDnsActivityLogs"],
          },
        ],
      },
      data_flow: [
        {
          streams: ["Microsoft-ASimDnsActivityLogs"],
          destinations: ["sentinel"],
        },
      ],
    });
    const associations = Object.values(
      stack.resource.azurerm_monitor_data_collection_rule_association,
    ) as { target_resource_id: string; data_collection_rule_id: string }[];
    expect(associations.map((a) => a.target_resource_id)).toEqual([
      "/subscriptions/00000000-0000-0000-0000-0000000e0002/resourceGroups/rg-dns-eu/providers/Microsoft.Compute/virtualMachines/dns-eu-01",
      "/subscriptions/00000000-0000-0000-0000-0000000e0002/resourceGroups/rg-dns-eu/providers/Microsoft.Compute/virtualMachines/dns-eu-02",
    ]);
    expect(associations[0].data_collection_rule_id).toBe(
      "${azurerm_monitor_data_collection_rule.connector_dns_ama.id}",
    );
    // The DNS Analytics solution feeds DnsEvents only, so it is left out.
    expect(countResources(stack, "azurerm_log_analytics_solution")).toBe(0);
  });

  describe("settings", () => {
    const CAMPAIGNS: CampaignSchedule[] = [
      {
        key: "smartapesg",
        manifestFile: "iocs/smartapesg/campaign.yaml",
        queryFrequency: "PT1H",
        queryPeriod: "PT1H",
      },
    ];
    const file = (
      extra: string,
      location = "        location: westeurope\n",
    ) => `tenants:
  - key: contoso
    tenantId: 9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34
    subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
    workspaces:
      - key: contoso-prod
        resourceGroupName: rg
        workspaceName: law-prod
${location}        campaigns: [smartapesg]
        dns: { source: ama }
${extra}`;

    it("check exclusions against the source's columns", () => {
      expect(() =>
        parseWorkspaces(
          file(
            "        rules:\n          smartapesg:\n            dns:\n              exclusions:\n                - { column: Computer, equals: [a], reason: scanner }\n",
          ),
          "w.yaml",
          CAMPAIGNS,
        ),
      ).toThrow(
        "ASimDnsActivityLogs has no text column Computer, and the dns rule reads ASimDnsActivityLogs.",
      );
    });

    it("need the region for the data collection rule", () => {
      expect(() => parseWorkspaces(file("", ""), "w.yaml", CAMPAIGNS)).toThrow(
        "w.yaml:6: tenants[0].workspaces[0].location is missing, but the AMA DNS source creates a data collection rule in the workspace's region. Add location, such as westeurope.",
      );
    });

    it("turn the DNS Analytics solution off by default", () => {
      const [workspace] = parseWorkspaces(
        file(""),
        "w.yaml",
        CAMPAIGNS,
      ).workspaces;

      expect(workspace.connectors.dnsAnalytics).toBe(false);
      expect(workspace.dns).toEqual({ source: "ama", servers: [] });
    });
  });
});
