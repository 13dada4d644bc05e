import { readFileSync } from "node:fs";
import { join } from "node:path";

import { ruleName, watchlistItemName } from "../core/identity";
import { refang } from "../core/indicators/refang";
import type { StackJson } from "./support/synth";
import {
  countResources,
  EXAMPLE_DIR,
  resourceOf,
  synthProject,
} from "./support/synth";
import { TempProject } from "./support/temp-project";

const shipped = synthProject();
const contoso = shipped.stacks.get("contoso-prod") as StackJson;
const fabrikam = shipped.stacks.get("fabrikam-prod") as StackJson;

/** Computes the unique IOCs of the example feeds from the raw files, apart from the code under test. */
function shippedUniqueIocs(): Set<string> {
  const feedDir = join(EXAMPLE_DIR, "iocs", "smartapesg");
  const values = new Set<string>();

  const markdown = readFileSync(
    join(feedDir, "smartapesg-ioc-summary.md"),
    "utf8",
  );
  for (const line of markdown
    .split("\n")
    .filter((row) => /^\| (url|domain) \|/.test(row))) {
    const [, type, value] = line.split("|").map((cell) => cell.trim());
    values.add(`${type} ${refang(value).toLowerCase()}`);
  }

  const exported = JSON.parse(
    readFileSync(
      join(feedDir, "threatfox-json-export-smartapesg.json"),
      "utf8",
    ),
  );
  for (const entries of Object.values(exported) as {
    ioc_type: string;
    ioc_value: string;
  }[][]) {
    for (const entry of entries) {
      values.add(`${entry.ioc_type} ${entry.ioc_value.toLowerCase()}`);
    }
  }
  return values;
}

describe("example stacks", () => {
  it("synthesises one stack per workspace", () => {
    expect([...shipped.stacks.keys()]).toEqual([
      "contoso-dev",
      "contoso-prod",
      "fabrikam-prod",
      "northwind-eu",
      "northwind-us",
    ]);
  });

  it.each(["contoso-prod", "fabrikam-prod"])(
    "matches the snapshot of %s",
    (key) => {
      expect(shipped.stacks.get(key)).toMatchSnapshot();
    },
  );

  it("counts the resources of each stack", () => {
    const counts = (stack: StackJson) => ({
      onboarding: countResources(
        stack,
        "azurerm_sentinel_log_analytics_workspace_onboarding",
      ),
      watchlists: countResources(stack, "azurerm_sentinel_watchlist"),
      items: countResources(stack, "azurerm_sentinel_watchlist_item"),
      rules: countResources(stack, "azurerm_sentinel_alert_rule_scheduled"),
      huntingQueries: countResources(
        stack,
        "azurerm_log_analytics_saved_search",
      ),
      dnsConnector: countResources(stack, "azurerm_log_analytics_solution"),
      defenderConnector: countResources(
        stack,
        "azurerm_sentinel_data_connector_microsoft_threat_protection",
      ),
    });

    expect(counts(contoso)).toEqual({
      onboarding: 1,
      // The IOC watchlist and the allow list.
      watchlists: 2,
      items: 21,
      // 2 campaign rules, 2 table health rules and 1 watchlist health rule.
      rules: 5,
      huntingQueries: 2,
      dnsConnector: 1,
      defenderConnector: 1,
    });
    expect(counts(fabrikam)).toEqual({
      onboarding: 0,
      // The IOC watchlist and the allow list.
      watchlists: 2,
      items: 21,
      rules: 5,
      huntingQueries: 2,
      dnsConnector: 1,
      defenderConnector: 0,
    });
  });

  it("has one watchlist item per unique IOC", () => {
    const items = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const indicators = Object.values(items.for_each).map(
      (properties) =>
        `${(properties as Record<string, string>).IndicatorType} ${(properties as Record<string, string>).Indicator.toLowerCase()}`,
    );

    expect(new Set(indicators)).toEqual(shippedUniqueIocs());
    expect(indicators).toHaveLength(shippedUniqueIocs().size);
  });

  it("keys each item by the UUIDv5 of its alias, type and value", () => {
    const items = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );

    for (const [name, properties] of Object.entries(
      items.for_each as Record<string, Record<string, string>>,
    )) {
      expect(name).toBe(
        watchlistItemName(
          "ioc_smartapesg",
          properties.IndicatorType as "url",
          properties.Indicator,
        ),
      );
    }
    expect(items.name).toBe("${each.key}");
    expect(items.properties).toBe("${each.value}");
    expect(items.watchlist_id).toBe(
      "${azurerm_sentinel_watchlist.watchlist_smartapesg.id}",
    );
  });

  it("refangs the three IOCs of the Markdown table", () => {
    const items = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const byIndicator = new Map(
      Object.values(
        items.for_each as Record<string, Record<string, string>>,
      ).map((properties) => [properties.Indicator, properties]),
    );

    expect(
      byIndicator.get("https://bronzepavilion.top/signin/auth-json"),
    ).toEqual({
      Indicator: "https://bronzepavilion.top/signin/auth-json",
      IndicatorType: "url",
      Host: "bronzepavilion.top",
      ThreatType: "payload_delivery",
      Malware: "",
      Confidence: "100",
      FirstSeen: "2026-06-12T00:00:00Z",
      LastSeen: "",
      Reference: "",
      Tags: "",
      Sources: "smartapesg-ioc-summary.md",
    });
    expect(byIndicator.get("bronzepavilion.top")?.IndicatorType).toBe("domain");
    expect(
      byIndicator.get("https://bronzepavilion.top/signin/route-script.js")
        ?.IndicatorType,
    ).toBe("url");
    expect(
      [...byIndicator.keys()].some((indicator) => indicator.includes("hxxp")),
    ).toBe(false);
  });

  it("writes ThreatFox dates in ISO 8601 UTC", () => {
    const items = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const domain = Object.values(
      items.for_each as Record<string, Record<string, string>>,
    ).find((properties) => properties.Indicator === "cometparapet.top");

    expect(domain?.FirstSeen).toBe("2026-07-22T14:17:27Z");
    expect(domain?.LastSeen).toBe("2026-07-22T14:09:29Z");
    expect(domain?.Malware).toBe("SmartApeSG");
    expect(domain?.Reference).toBe(
      "https://infosec.exchange/@reporter_07/116964023604379056",
    );
  });

  it("gives the watchlist only attributes that never change between runs", () => {
    const watchlist = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist",
      "watchlist_smartapesg",
    );

    expect(watchlist).toEqual({
      "//": expect.anything(),
      name: "ioc_smartapesg",
      display_name: "IOC smartapesg",
      description:
        "Indicators of the smartapesg campaign, managed by sentinel-ioc-cdktf from the feeds in its campaign folder. Edits made in the portal are overwritten on the next deploy.",
      item_search_key: "Indicator",
      labels: ["sentinel-ioc-cdktf"],
      log_analytics_workspace_id:
        "${azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding.workspace_id}",
    });
  });

  const MSSP_IDENTITY = {
    tenant_id: "00000000-0000-0000-0000-0000000a0001",
    client_id: "00000000-0000-0000-0000-0000000a0002",
    use_oidc: true,
  };
  const MSSP_STATE = {
    resource_group_name: "rg-soc-tfstate",
    storage_account_name: "stsoctfstate",
    container_name: "sentinel-ioc",
    subscription_id: "00000000-0000-0000-0000-0000000a0003",
    tenant_id: "00000000-0000-0000-0000-0000000a0001",
    use_oidc: true,
    use_azuread_auth: true,
  };

  it.each([
    [
      "contoso-dev",
      {
        ...MSSP_IDENTITY,
        subscription_id: "00000000-0000-0000-0000-0000000c0002",
      },
      { azurerm: { ...MSSP_STATE, key: "contoso-dev.tfstate" } },
    ],
    [
      "contoso-prod",
      {
        ...MSSP_IDENTITY,
        subscription_id: "00000000-0000-0000-0000-0000000c0002",
      },
      { azurerm: { ...MSSP_STATE, key: "contoso-prod.tfstate" } },
    ],
    [
      "fabrikam-prod",
      {
        tenant_id: "00000000-0000-0000-0000-0000000f0001",
        client_id: "00000000-0000-0000-0000-0000000f0003",
        subscription_id: "00000000-0000-0000-0000-0000000f0002",
      },
      {
        azurerm: {
          resource_group_name: "rg-fabrikam-tfstate",
          storage_account_name: "stfabrikamtfstate",
          container_name: "sentinel-ioc",
          subscription_id: "00000000-0000-0000-0000-0000000f0002",
          key: "fabrikam-prod.tfstate",
        },
      },
    ],
    [
      "northwind-eu",
      {
        ...MSSP_IDENTITY,
        subscription_id: "00000000-0000-0000-0000-0000000e0002",
      },
      { azurerm: { ...MSSP_STATE, key: "northwind-eu.tfstate" } },
    ],
    [
      "northwind-us",
      {
        ...MSSP_IDENTITY,
        subscription_id: "00000000-0000-0000-0000-0000000e0003",
      },
      { azurerm: { ...MSSP_STATE, key: "northwind-us.tfstate" } },
    ],
  ])("gives %s its own provider and state", (key, provider, backend) => {
    const stack = shipped.stacks.get(key) as StackJson;

    expect(stack.provider.azurerm).toEqual([{ features: [{}], ...provider }]);
    expect(stack.terraform.backend).toEqual(backend);
  });

  it("keeps the stacks apart", () => {
    const workspaces = shipped.inputs.workspaces;
    for (const workspace of workspaces) {
      const text = shipped.files.get(
        `stacks/${workspace.key}/cdk.tf.json`,
      ) as string;
      const stack = JSON.parse(text) as StackJson & Record<string, unknown>;
      const others = workspaces.filter((other) => other.key !== workspace.key);

      expect(stack.output).toBeUndefined();
      expect(stack.data).toBeUndefined();
      expect(text).not.toContain("terraform_remote_state");
      for (const other of others) {
        expect(text).not.toContain(`"${other.key}`);
        expect(text).not.toContain(`/workspaces/${other.workspaceName}"`);
        if (other.subscriptionId !== workspace.subscriptionId) {
          expect(text).not.toContain(other.subscriptionId);
        }
      }
      for (const rule of Object.values(
        stack.resource.azurerm_sentinel_alert_rule_scheduled,
      ) as { query: string }[]) {
        expect(rule.query).not.toMatch(/\b(workspace|app|cluster)\s*\(/);
      }
    }
  });

  it("applies each workspace's rule overrides", () => {
    const rule = (key: string, name: string) =>
      resourceOf(
        shipped.stacks.get(key) as StackJson,
        "azurerm_sentinel_alert_rule_scheduled",
        name,
      ) as Record<string, unknown>;
    const dev = rule("contoso-dev", "rule_smartapesg_dns");
    const fabrikamDns = rule("fabrikam-prod", "rule_smartapesg_dns");
    const fabrikamUrl = rule("fabrikam-prod", "rule_smartapesg_url_click");

    expect(dev.severity).toBe("Low");
    expect(rule("contoso-prod", "rule_smartapesg_dns").severity).toBe("High");
    expect(fabrikamDns).toMatchObject({
      query_frequency: "PT30M",
      query_period: "PT1H",
      suppression_enabled: true,
      suppression_duration: "PT1H",
    });
    expect(fabrikamUrl.incident).toEqual({
      create_incident_enabled: true,
      grouping: {
        enabled: true,
        entity_matching_method: "AllEntities",
        lookback_duration: "P1D",
        reopen_closed_incidents: false,
      },
    });
    expect(rule("northwind-us", "rule_smartapesg_url_click").enabled).toBe(
      false,
    );
    expect(rule("northwind-us", "rule_smartapesg_dns").enabled).toBe(true);
  });

  it("points Sentinel resources at the onboarding when it is on", () => {
    const onboarded =
      "${azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding.workspace_id}";

    expect(
      resourceOf(
        contoso,
        "azurerm_sentinel_log_analytics_workspace_onboarding",
        "sentinel_onboarding",
      ).workspace_id,
    ).toBe(
      "/subscriptions/00000000-0000-0000-0000-0000000c0002/resourceGroups/rg-sentinel-contoso/providers/Microsoft.OperationalInsights/workspaces/law-sentinel-contoso",
    );
    expect(
      resourceOf(
        contoso,
        "azurerm_sentinel_alert_rule_scheduled",
        "rule_smartapesg_dns",
      ).log_analytics_workspace_id,
    ).toBe(onboarded);
    expect(
      resourceOf(
        contoso,
        "azurerm_sentinel_data_connector_microsoft_threat_protection",
        "connector_defender_xdr",
      ),
    ).toEqual({
      "//": expect.anything(),
      name: "111c9422-1114-5b90-be49-fa87182b2860",
      log_analytics_workspace_id: onboarded,
      tenant_id: "00000000-0000-0000-0000-0000000c0001",
    });
  });

  it("uses the workspace id directly when onboarding is off", () => {
    expect(
      resourceOf(fabrikam, "azurerm_sentinel_watchlist", "watchlist_smartapesg")
        .log_analytics_workspace_id,
    ).toBe(
      "/subscriptions/00000000-0000-0000-0000-0000000f0002/resourceGroups/rg-soc-fabrikam/providers/Microsoft.OperationalInsights/workspaces/law-soc-fabrikam",
    );
  });

  it("enables DNS Analytics on the workspace", () => {
    expect(
      resourceOf(
        fabrikam,
        "azurerm_log_analytics_solution",
        "connector_dns_analytics",
      ),
    ).toEqual({
      "//": expect.anything(),
      solution_name: "DnsAnalytics",
      location: "northeurope",
      resource_group_name: "rg-soc-fabrikam",
      workspace_name: "law-soc-fabrikam",
      workspace_resource_id:
        "/subscriptions/00000000-0000-0000-0000-0000000f0002/resourceGroups/rg-soc-fabrikam/providers/Microsoft.OperationalInsights/workspaces/law-soc-fabrikam",
      plan: { publisher: "Microsoft", product: "OMSGallery/DnsAnalytics" },
    });
  });

  it("warns about the manual event streaming step", () => {
    const manifest = JSON.parse(shipped.files.get("manifest.json") as string);
    const messages = (key: string) =>
      manifest.stacks[key].annotations.map(
        (annotation: { message: string }) => annotation.message,
      );

    // The connector step is the only warning the shipped example raises.
    expect(messages("contoso-prod")).toEqual([
      "UrlClickEvents stays empty until the Microsoft Defender XDR connector streams it: in the Sentinel portal, open Data connectors > Microsoft Defender XDR > Connect events, tick UrlClickEvents under Microsoft Defender for Office 365 and save. The azurerm provider cannot set this.",
    ]);
    expect(messages("fabrikam-prod")).toEqual([]);
  });
});

describe("analytics rules", () => {
  const rule = (stack: StackJson, kind: string) =>
    resourceOf(
      stack,
      "azurerm_sentinel_alert_rule_scheduled",
      `rule_smartapesg_${kind}`,
    );

  it("names each rule by a UUIDv5 of workspace, campaign and kind", () => {
    expect(rule(contoso, "dns").name).toBe(
      ruleName("contoso-prod", "smartapesg", "dns"),
    );
    expect(rule(contoso, "url_click").name).toBe(
      ruleName("contoso-prod", "smartapesg", "url-click"),
    );
    expect(rule(fabrikam, "dns").name).toBe(
      ruleName("fabrikam-prod", "smartapesg", "dns"),
    );
    expect(rule(contoso, "dns").name).not.toBe(rule(fabrikam, "dns").name);
  });

  it("takes severity, tactics and techniques from the manifest", () => {
    for (const kind of ["dns", "url_click"]) {
      expect(rule(contoso, kind).severity).toBe("High");
      expect(rule(contoso, kind).tactics).toEqual([
        "InitialAccess",
        "Execution",
        "CommandAndControl",
      ]);
      expect(rule(contoso, kind).techniques).toEqual([
        "T1189",
        "T1204",
        "T1071",
      ]);
      expect(rule(contoso, kind).query_frequency).toBe("PT1H");
      expect(rule(contoso, kind).query_period).toBe("PT1H");
    }
  });

  it("reads the campaign watchlist and holds no IOC value", () => {
    const items = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const values = Object.values(
      items.for_each as Record<string, Record<string, string>>,
    ).flatMap((p) => [p.Indicator, p.Host]);

    for (const kind of ["dns", "url_click"]) {
      const query: string = rule(contoso, kind).query;
      expect(query).toContain('_GetWatchlist("ioc_smartapesg")');
      expect(query).toContain('_GetWatchlist("ioc_allow_smartapesg")');
      expect(query.match(/_GetWatchlist\(/g)).toHaveLength(2);
      for (const value of values.filter((v) => v !== "")) {
        expect(query).not.toContain(value);
      }
    }
  });

  it("uses TimeGenerated in the URL click rule", () => {
    const query: string = rule(contoso, "url_click").query;

    expect(query).toContain("TimeGenerated");
    expect(query).not.toMatch(/\bTimestamp\b/);
  });

  it("maps the DNS rule's entities", () => {
    expect(rule(contoso, "dns").entity_mapping).toEqual([
      {
        entity_type: "Host",
        field_mapping: [
          { identifier: "FullName", column_name: "Computer" },
          { identifier: "HostName", column_name: "HostName" },
          { identifier: "DnsDomain", column_name: "HostDnsDomain" },
        ],
      },
      {
        entity_type: "IP",
        field_mapping: [{ identifier: "Address", column_name: "ClientIP" }],
      },
      {
        entity_type: "DNS",
        field_mapping: [{ identifier: "DomainName", column_name: "QueryName" }],
      },
    ]);
  });

  it("maps the URL click rule's entities", () => {
    expect(rule(contoso, "url_click").entity_mapping).toEqual([
      {
        entity_type: "Account",
        field_mapping: [{ identifier: "FullName", column_name: "AccountUpn" }],
      },
      {
        entity_type: "URL",
        field_mapping: [{ identifier: "Url", column_name: "ClickedUrl" }],
      },
      {
        entity_type: "IP",
        field_mapping: [{ identifier: "Address", column_name: "IPAddress" }],
      },
    ]);
  });

  it("puts the matched indicator in a custom detail and the title", () => {
    expect(rule(contoso, "dns").custom_details).toEqual({
      MatchedIndicator: "MatchedIndicator",
      IndicatorType: "MatchedIndicatorType",
      Malware: "Malware",
      Confidence: "Confidence",
    });
    expect(rule(contoso, "dns").alert_details_override).toEqual([
      {
        display_name_format: "SmartApeSG: DNS query for {{MatchedIndicator}}",
        description_format:
          "{{Computer}} looked up {{QueryName}}, which matches the SmartApeSG IOC {{MatchedIndicator}}.",
      },
    ]);
    expect(
      rule(contoso, "url_click").alert_details_override[0].display_name_format,
    ).toBe("SmartApeSG: click on {{MatchedIndicator}}");
  });

  it("creates incidents grouped by entity", () => {
    expect(rule(contoso, "dns").incident).toEqual({
      create_incident_enabled: true,
      grouping: {
        enabled: true,
        lookback_duration: "PT5H",
        entity_matching_method: "Selected",
        by_entities: ["Host"],
        reopen_closed_incidents: false,
      },
    });
    expect(rule(contoso, "url_click").incident.grouping.by_entities).toEqual([
      "Account",
    ]);
    expect(rule(contoso, "dns").event_grouping).toEqual({
      aggregation_method: "AlertPerResult",
    });
  });

  it("creates the watchlists before the rules", () => {
    const watchlists = [
      "azurerm_sentinel_watchlist.watchlist_smartapesg",
      "azurerm_sentinel_watchlist.allow_list_smartapesg",
    ];
    expect(rule(contoso, "dns").depends_on).toEqual(watchlists);
    expect(rule(contoso, "url_click").depends_on).toEqual(watchlists);
  });

  it("gives each campaign an allow list that Terraform adds no items to", () => {
    const allowList = resourceOf(
      contoso,
      "azurerm_sentinel_watchlist",
      "allow_list_smartapesg",
    );

    expect(allowList).toMatchObject({
      name: "ioc_allow_smartapesg",
      display_name: "IOC allow list smartapesg",
      item_search_key: "Indicator",
    });
    expect(
      Object.keys(contoso.resource.azurerm_sentinel_watchlist_item),
    ).toEqual(["watchlist_items_smartapesg"]);
    expect(rule(contoso, "dns").query).toContain(
      "| where IocDomain !in (AllowedIndicators)",
    );
    expect(rule(contoso, "url_click").query).toContain(
      "| where tolower(MatchedIndicator) !in (AllowedIndicators)",
    );
  });
});

describe("deterministic output", () => {
  it("writes the same bytes on a second synth", () => {
    const again = synthProject();

    expect([...again.files.keys()]).toEqual([...shipped.files.keys()]);
    for (const [path, text] of shipped.files) {
      expect(again.files.get(path)).toBe(text);
    }
  });

  it("writes the same bytes for inputs in another order", () => {
    const project = new TempProject();
    try {
      const manifestPath = "iocs/smartapesg/campaign.yaml";
      const manifest = readFileSync(join(project.root, manifestPath), "utf8");
      project.write(
        manifestPath,
        manifest.replace(
          "  - file: smartapesg-ioc-summary.md\n  - file: threatfox-json-export-smartapesg.json\n",
          "  - file: threatfox-json-export-smartapesg.json\n  - file: smartapesg-ioc-summary.md\n",
        ),
      );

      const markdownPath = "iocs/smartapesg/smartapesg-ioc-summary.md";
      const markdown = readFileSync(
        join(project.root, markdownPath),
        "utf8",
      ).split("\n");
      project.write(
        markdownPath,
        [
          ...markdown.slice(0, 4),
          ...markdown.slice(4, 7).reverse(),
          ...markdown.slice(7),
        ].join("\n"),
      );

      // JSON objects keep integer-like keys in numeric order, so the entries are
      // re-keyed to reverse the order in which they are read.
      const jsonPath = "iocs/smartapesg/threatfox-json-export-smartapesg.json";
      const entries = Object.entries(
        JSON.parse(readFileSync(join(project.root, jsonPath), "utf8")),
      ).reverse();
      project.write(
        jsonPath,
        JSON.stringify(
          Object.fromEntries(entries.map(([id, value]) => [`id-${id}`, value])),
          null,
          2,
        ),
      );

      const workspaces = readFileSync(project.workspacesFile, "utf8");
      const [header, ...tenants] = workspaces.split(/\n(?=  - key: )/);
      project.write(
        "workspaces.yaml",
        `${[header, ...tenants.map((tenant) => tenant.trimEnd()).reverse()].join("\n")}\n`,
      );

      const reordered = synthProject(project.env);

      expect(reordered.inputs.workspaces.map((w) => w.key)).toEqual([
        "contoso-dev",
        "contoso-prod",
        "fabrikam-prod",
        "northwind-eu",
        "northwind-us",
      ]);
      for (const [path, text] of shipped.files) {
        expect(reordered.files.get(path)).toBe(text);
      }
    } finally {
      project.remove();
    }
  });
});

describe("empty campaign", () => {
  it("warns that its rules find nothing", () => {
    const project = new TempProject();
    try {
      project.write(
        "iocs/smartapesg/campaign.yaml",
        "name: Quiet\ndescription: Nothing yet.\nseverity: Low\nminimumConfidence: 90\nfeeds:\n  - file: smartapesg-ioc-summary.md\n",
      );
      project.write(
        "iocs/smartapesg/smartapesg-ioc-summary.md",
        "| Type | Value | Confidence |\n|---|---|---|\n| domain | low.test | 50 |\n",
      );

      const output = synthProject(project.env);
      const manifest = JSON.parse(output.files.get("manifest.json") as string);
      const stack = output.stacks.get("contoso-prod") as StackJson;

      expect(countResources(stack, "azurerm_sentinel_watchlist_item")).toBe(0);
      expect(manifest.stacks["contoso-prod"].annotations).toContainEqual({
        constructPath: "contoso-prod/campaign-smartapesg/watchlist",
        level: "@cdktf/warn",
        message:
          "Campaign smartapesg has no IOC to deploy, so its watchlist is empty and its rules find nothing. Check its feeds and minimumConfidence.",
      });
    } finally {
      project.remove();
    }
  });
});

describe("rejected rows", () => {
  it("are warnings in the manifest too", () => {
    const project = new TempProject();
    try {
      project.write(
        "iocs/smartapesg/smartapesg-ioc-summary.md",
        "| Type | Value |\n|---|---|\n| domain | evil.example |\n| domain | not a domain |\n",
      );
      project.write("iocs/smartapesg/later.csv", "");

      const manifest = JSON.parse(
        synthProject(project.env).files.get("manifest.json") as string,
      );
      const messages = manifest.stacks["fabrikam-prod"].annotations.map(
        (annotation: { message: string }) => annotation.message,
      );

      expect(messages).toEqual([
        "Campaign smartapesg: 1 feed row was rejected and not deployed, first smartapesg-ioc-summary.md:4 (invalid domain: a domain needs at least two labels, such as example.com). Run npx sentinel-ioc parse on the campaign folder to list them all.",
        "Campaign smartapesg: later.csv is in the campaign folder but not listed under feeds in campaign.yaml, so it was not read.",
      ]);
    } finally {
      project.remove();
    }
  });
});
