import { readFileSync } from "node:fs";
import { join } from "node:path";

import Ajv2020 from "ajv/dist/2020";
import { parse as parseYaml } from "yaml";

import { workspacesJsonSchema } from "../core/config/json-schema";
import type { CampaignSchedule } from "../core/config/workspaces";
import { loadWorkspaces, parseWorkspaces } from "../core/config/workspaces";
import { InputError } from "../core/errors";
import { EXAMPLE_DIR, PROJECT_DIR } from "./support/synth";

const EXAMPLE = readFileSync(join(EXAMPLE_DIR, "workspaces.yaml"), "utf8");

const CAMPAIGNS: CampaignSchedule[] = [
  {
    key: "smartapesg",
    manifestFile: "iocs/smartapesg/campaign.yaml",
    queryFrequency: "PT1H",
    queryPeriod: "PT1H",
  },
  {
    key: "fakeupdates",
    manifestFile: "iocs/fakeupdates/campaign.yaml",
    queryFrequency: "PT1H",
    queryPeriod: "PT1H",
  },
];

const TENANT = "9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34";
const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-111122223333";

/** A small valid file: two rings, one tenant with two workspaces; `extra` goes into the first workspace. */
const fileWith = ({
  top = "",
  defaults = "",
  tenant = "",
  workspace = "",
}: {
  top?: string;
  defaults?: string;
  tenant?: string;
  workspace?: string;
}) => `rings: [canary, broad]
${top}defaults:
  ring: broad
  campaigns: [smartapesg]
${defaults}tenants:
  - key: contoso
    tenantId: ${TENANT}
    subscriptionId: ${SUBSCRIPTION}
    location: westeurope
${tenant}    workspaces:
      - key: contoso-dev
        ring: canary
        resourceGroupName: rg-dev
        workspaceName: law-dev
${workspace}      - key: contoso-prod
        resourceGroupName: rg-prod
        workspaceName: law-prod
`;

const parse = (text: string) => parseWorkspaces(text, "w.yaml", CAMPAIGNS);

describe("workspaces file", () => {
  it("resolves the shipped example", () => {
    const file = parseWorkspaces(EXAMPLE, "workspaces.yaml", CAMPAIGNS);

    expect(file.rings).toEqual(["canary", "broad"]);
    expect(
      file.workspaces.map((workspace) => [
        workspace.key,
        workspace.tenant,
        workspace.ring,
      ]),
    ).toEqual([
      ["contoso-dev", "contoso", "canary"],
      ["contoso-prod", "contoso", "broad"],
      ["fabrikam-prod", "fabrikam", "broad"],
      ["northwind-eu", "northwind", "canary"],
      ["northwind-us", "northwind", "broad"],
    ]);
  });

  it("gives a tenant's own backend and identity", () => {
    const fabrikam = parseWorkspaces(
      EXAMPLE,
      "workspaces.yaml",
      CAMPAIGNS,
    ).workspaces.find((workspace) => workspace.key === "fabrikam-prod");

    expect(fabrikam).toEqual({
      key: "fabrikam-prod",
      tenant: "fabrikam",
      tenantId: "00000000-0000-0000-0000-0000000f0001",
      subscriptionId: "00000000-0000-0000-0000-0000000f0002",
      resourceGroupName: "rg-soc-fabrikam",
      workspaceName: "law-soc-fabrikam",
      location: "northeurope",
      ring: "broad",
      campaigns: ["smartapesg"],
      onboarding: false,
      connectors: { dnsAnalytics: true, defenderXdr: false },
      rules: {
        smartapesg: {
          dns: {
            queryFrequency: "PT30M",
            queryPeriod: "PT1H",
            suppression: { enabled: true, duration: "PT1H" },
          },
          "url-click": {
            incident: {
              grouping: { matching: "AllEntities", lookback: "P1D" },
            },
          },
        },
      },
      backend: {
        type: "azurerm",
        resourceGroupName: "rg-fabrikam-tfstate",
        storageAccountName: "stfabrikamtfstate",
        containerName: "sentinel-ioc",
        subscriptionId: "00000000-0000-0000-0000-0000000f0002",
        key: "fabrikam-prod.tfstate",
      },
      identity: {
        tenantId: "00000000-0000-0000-0000-0000000f0001",
        clientId: "00000000-0000-0000-0000-0000000f0003",
        method: "secret",
        clientSecretEnv: "FABRIKAM_CLIENT_SECRET",
      },
      hunting: { enabled: true, lookbackDays: 14 },
      health: { enabled: true, silentAfter: "PT24H" },
      dns: { source: "dnsevents", servers: [] },
    });
  });

  it("inherits the defaults' backend and identity", () => {
    const northwind = parseWorkspaces(
      EXAMPLE,
      "workspaces.yaml",
      CAMPAIGNS,
    ).workspaces.find((workspace) => workspace.key === "northwind-us");

    expect(northwind?.subscriptionId).toBe(
      "00000000-0000-0000-0000-0000000e0003",
    );
    expect(northwind?.backend).toEqual({
      type: "azurerm",
      resourceGroupName: "rg-soc-tfstate",
      storageAccountName: "stsoctfstate",
      containerName: "sentinel-ioc",
      subscriptionId: "00000000-0000-0000-0000-0000000a0003",
      tenantId: "00000000-0000-0000-0000-0000000a0001",
      useOidc: true,
      useAzureadAuth: true,
      key: "northwind-us.tfstate",
    });
    expect(northwind?.identity).toEqual({
      tenantId: "00000000-0000-0000-0000-0000000a0001",
      clientId: "00000000-0000-0000-0000-0000000a0002",
      method: "oidc",
    });
    expect(northwind?.rules).toEqual({
      smartapesg: { "url-click": { enabled: false } },
    });
  });
});

describe("inheritance", () => {
  it("fills in defaults where no level sets a value", () => {
    const [dev] = parse(fileWith({})).workspaces;

    expect(dev.onboarding).toBe(true);
    expect(dev.connectors).toEqual({ dnsAnalytics: true, defenderXdr: true });
    expect(dev.rules).toEqual({});
    expect(dev.identity).toEqual({});
    expect(dev.backend).toEqual({
      type: "local",
      path: "../../../terraform.contoso-dev.tfstate",
    });
  });

  it("lets the workspace win over tenant and defaults", () => {
    const { workspaces } = parse(
      fileWith({
        defaults: "  connectors: { dnsAnalytics: false, defenderXdr: false }\n",
        tenant: "    connectors: { defenderXdr: true }\n",
        workspace: "        location: westus\n",
      }).replace("location: westeurope", "location: northeurope"),
    );
    const [dev, prod] = workspaces;

    expect(dev.connectors).toEqual({ dnsAnalytics: false, defenderXdr: true });
    expect(dev.location).toBe("westus");
    expect(prod.location).toBe("northeurope");
    expect(dev.ring).toBe("canary");
    expect(prod.ring).toBe("broad");
  });

  it("replaces lists rather than joining them", () => {
    const [dev] = parse(
      fileWith({ workspace: "        campaigns: [fakeupdates]\n" }),
    ).workspaces;

    expect(dev.campaigns).toEqual(["fakeupdates"]);
  });

  it("merges rule settings key by key", () => {
    const [dev] = parse(
      fileWith({
        defaults:
          "  rules:\n    smartapesg:\n      dns: { severity: Low, queryFrequency: PT30M }\n",
        workspace:
          "        rules:\n          smartapesg:\n            dns: { severity: Medium }\n",
      }),
    ).workspaces;

    expect(dev.rules).toEqual({
      smartapesg: { dns: { severity: "Medium", queryFrequency: "PT30M" } },
    });
  });

  it("replaces a backend whole", () => {
    const [dev, prod] = parse(
      fileWith({
        defaults:
          "  backend:\n    type: azurerm\n    resourceGroupName: rg-state\n    storageAccountName: ststate\n    containerName: tfstate\n    useOidc: true\n",
        workspace: "        backend: { type: local }\n",
      }),
    ).workspaces;

    expect(dev.backend).toEqual({
      type: "local",
      path: "../../../terraform.contoso-dev.tfstate",
    });
    expect(prod.backend).toEqual({
      type: "azurerm",
      resourceGroupName: "rg-state",
      storageAccountName: "ststate",
      containerName: "tfstate",
      useOidc: true,
      key: "contoso-prod.tfstate",
    });
  });

  it("replaces an identity whole", () => {
    const [dev] = parse(
      fileWith({
        defaults: `  identity: { tenantId: ${TENANT}, method: oidc }\n`,
        workspace: `        identity: { clientId: ${SUBSCRIPTION} }\n`,
      }),
    ).workspaces;

    expect(dev.identity).toEqual({ clientId: SUBSCRIPTION });
  });

  it("reads shared blocks through YAML merge keys", () => {
    const text = fileWith({
      top: "x-shared: &shared\n  severity: Low\n",
      workspace:
        "        rules:\n          smartapesg:\n            dns: { <<: *shared, enabled: false }\n",
    }).replace("x-shared", "defaults-shared");

    const [dev] = parse(
      text
        .replace("defaults-shared: &shared\n  severity: Low\n", "")
        .replace(
          "dns: { <<: *shared, enabled: false }",
          "dns: &shared { severity: Low }\n            url-click: { <<: *shared, enabled: false }",
        ),
    ).workspaces;

    expect(dev.rules).toEqual({
      smartapesg: {
        dns: { severity: "Low" },
        "url-click": { severity: "Low", enabled: false },
      },
    });
  });

  it("puts every workspace in one ring when none are declared", () => {
    const text = fileWith({})
      .replace("rings: [canary, broad]\n", "")
      .replace("  ring: broad\n", "")
      .replace("        ring: canary\n", "");
    const file = parse(text);

    expect(file.rings).toEqual(["default"]);
    expect(file.workspaces.map((workspace) => workspace.ring)).toEqual([
      "default",
      "default",
    ]);
  });
});

describe("invalid workspaces files", () => {
  it.each([
    [
      "a misspelt setting",
      fileWith({ workspace: "        onbaording: false\n" }),
      "w.yaml:15: tenants[0].workspaces[0].onbaording is not a known setting. Did you mean onboarding?",
    ],
    [
      "a setting in the wrong case",
      fileWith({ tenant: "    SubscriptionID: 1\n" }),
      "w.yaml:10: tenants[0].SubscriptionID is not a known setting. Did you mean subscriptionId?",
    ],
    [
      "a misspelt rule kind",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            url_click: { enabled: false }\n",
      }),
      "w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.url_click is not a known setting. Did you mean url-click?",
    ],
    [
      "an unknown setting far from any",
      fileWith({ defaults: "  colour: blue\n" }),
      "w.yaml:5: defaults.colour is not a known setting. Remove it or correct the spelling. Known settings here: ring, location, campaigns, onboarding, connectors, rules, backend, identity, dns, hunting, health.",
    ],
    [
      "a client secret in the file",
      fileWith({
        defaults: `  identity: { method: secret, clientId: ${SUBSCRIPTION}, clientSecret: hunter2 }\n`,
      }),
      "w.yaml:5: defaults.identity.clientSecret is a credential, and credentials must never be written in a file that is committed. Remove it and set ARM_CLIENT_SECRET (named by identity.clientSecretEnv) in the environment of the deploy instead.",
    ],
    [
      "a secret-like key",
      fileWith({
        defaults: `  identity: { method: secret, clientId: ${SUBSCRIPTION}, ARM_CLIENT_SECRET: x }\n`,
      }),
      "w.yaml:5: defaults.identity.ARM_CLIENT_SECRET is a credential, and credentials must never be written in a file that is committed. Remove it and set ARM_CLIENT_SECRET (named by identity.clientSecretEnv) in the environment of the deploy instead.",
    ],
    [
      "a secret pasted as the variable name",
      fileWith({
        defaults: `  identity: { method: secret, clientId: ${SUBSCRIPTION}, clientSecretEnv: 8Q~abc.SECRETVALUE }\n`,
      }),
      "w.yaml:5: defaults.identity.clientSecretEnv is a value not shown here, in case it is a secret, but it names an environment variable: upper-case letters, digits and underscores.",
    ],
    [
      "suppression on with a default shorter than the frequency",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { queryFrequency: P1D, queryPeriod: P1D, suppression: { enabled: true } }\n",
      }),
      "w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.suppression.enabled is true, but for tenants[0].workspaces[0], suppression lasts PT5H (the default), shorter than queryFrequency P1D (from tenants[0].workspaces[0].rules.smartapesg.dns.queryFrequency), and Sentinel needs suppression to last at least one run. Set suppression.duration to P1D or longer.",
    ],
    [
      "a duration that is not in days, hours and minutes",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { queryFrequency: 30m }\n",
      }),
      'w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.queryFrequency is "30m", but it is not a duration in days, hours and minutes such as PT5M, PT1H or P1D.',
    ],
    [
      "a client secret variable without method secret",
      fileWith({
        defaults:
          "  identity: { method: oidc, clientSecretEnv: CONTOSO_SECRET }\n",
      }),
      "w.yaml:5: defaults.identity.clientSecretEnv is a value not shown here, in case it is a secret, but a client secret is read only with method: secret, and this identity's method is oidc. Set method: secret, or remove clientSecretEnv.",
    ],
    [
      "a secret identity without its client",
      fileWith({ defaults: "  identity: { method: secret }\n" }),
      'w.yaml:5: defaults.identity.method is "secret", but a client secret belongs to an app registration, so the identity needs its clientId too.',
    ],
    [
      "a storage access key in the file",
      fileWith({
        defaults:
          "  backend:\n    type: azurerm\n    resourceGroupName: rg-state\n    storageAccountName: ststate\n    containerName: tfstate\n    access_key: abc\n",
      }),
      "w.yaml:10: defaults.backend.access_key is a credential, and credentials must never be written in a file that is committed. Remove it and set ARM_ACCESS_KEY in the environment of the deploy instead.",
    ],
    [
      "a tenantId on a workspace",
      fileWith({ workspace: `        tenantId: ${TENANT}\n` }),
      "w.yaml:15: tenants[0].workspaces[0].tenantId is not a setting here: tenantId belongs to the tenant entry: move it to the tenant, or list the workspace under a tenant of its own.",
    ],
    [
      "the flat workspaces list",
      `workspaces:\n  - key: contoso-prod\n`,
      [
        "w.yaml:1: tenants is missing. Add the list of tenants, each with its tenantId and workspaces.",
        "w.yaml:1: workspaces is not a setting here: workspaces are listed under their tenant: move them to tenants[].workspaces and give the tenant its key and tenantId.",
      ].join("\n"),
    ],
    [
      "a malformed GUID",
      fileWith({}).replace(TENANT, "contoso.onmicrosoft.com"),
      'w.yaml:7: tenants[0].tenantId is "contoso.onmicrosoft.com", but it is not a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.',
    ],
    [
      "an unknown campaign in the defaults",
      fileWith({}).replace("[smartapesg]", "[smartapesg, fakeupdate]"),
      'w.yaml:4: defaults.campaigns[1] is "fakeupdate", but no campaign has that key. Did you mean fakeupdates? Known campaigns: smartapesg, fakeupdates.',
    ],
    [
      "an unknown ring",
      fileWith({}).replace("ring: canary", "ring: canery"),
      'w.yaml:12: tenants[0].workspaces[0].ring is "canery", but no ring has that name. Did you mean canary? Rings: canary, broad.',
    ],
    [
      "a ring listed twice",
      fileWith({}).replace("[canary, broad]", "[canary, broad, canary]"),
      'w.yaml:1: rings[2] is "canary", but the ring is listed twice. List each ring once.',
    ],
    [
      "a workspace with no ring",
      fileWith({}).replace("  ring: broad\n", ""),
      "w.yaml:14: tenants[0].workspaces[1].ring is missing, but every workspace belongs to a ring. Set ring to one of canary, broad on the workspace, its tenant or the defaults.",
    ],
    [
      "a missing subscription",
      fileWith({}).replace(`    subscriptionId: ${SUBSCRIPTION}\n`, ""),
      [
        "w.yaml:10: tenants[0].workspaces[0].subscriptionId is missing, but the azurerm provider needs the workspace's subscription. Set subscriptionId on the workspace or on its tenant.",
        "w.yaml:14: tenants[0].workspaces[1].subscriptionId is missing, but the azurerm provider needs the workspace's subscription. Set subscriptionId on the workspace or on its tenant.",
      ].join("\n"),
    ],
    [
      "a missing location with DNS Analytics on",
      fileWith({}).replace("    location: westeurope\n", ""),
      [
        "w.yaml:10: tenants[0].workspaces[0].location is missing, but the DNS Analytics solution needs the workspace's region. Add location, such as westeurope, or set connectors.dnsAnalytics to false.",
        "w.yaml:14: tenants[0].workspaces[1].location is missing, but the DNS Analytics solution needs the workspace's region. Add location, such as westeurope, or set connectors.dnsAnalytics to false.",
      ].join("\n"),
    ],
    [
      "rules for an unknown campaign",
      fileWith({
        defaults: "  rules:\n    smartapes:\n      dns: { enabled: false }\n",
      }),
      "w.yaml:6: defaults.rules.smartapes: no campaign has the key smartapes, and rules are keyed by campaign. Did you mean smartapesg? Known campaigns: smartapesg, fakeupdates.",
    ],
    [
      "rules for a campaign the workspace does not receive",
      fileWith({
        workspace:
          "        rules:\n          fakeupdates:\n            dns: { enabled: false }\n",
      }),
      "w.yaml:16: tenants[0].workspaces[0].rules.fakeupdates: the workspace does not receive fakeupdates, so these settings change nothing. Add fakeupdates to campaigns, or remove them.",
    ],
    [
      "an unknown severity",
      fileWith({
        defaults:
          "  rules:\n    smartapesg:\n      dns: { severity: Critical }\n",
      }),
      'w.yaml:7: defaults.rules.smartapesg.dns.severity is "Critical", but it must be one of High, Medium, Low, Informational.',
    ],
    [
      "a frequency outside Sentinel's range",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { queryFrequency: PT1M }\n",
      }),
      'w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.queryFrequency is "PT1M", but Sentinel accepts PT5M to P14D.',
    ],
    [
      "an inherited frequency above the campaign's period",
      fileWith({
        defaults:
          "  rules:\n    smartapesg:\n      url-click: { queryFrequency: PT2H }\n",
      }),
      [
        'w.yaml:7: defaults.rules.smartapesg.url-click.queryFrequency is "PT2H", but for tenants[0].workspaces[0], queryPeriod PT1H (from iocs/smartapesg/campaign.yaml) is shorter than queryFrequency PT2H (from defaults.rules.smartapesg.url-click.queryFrequency), so events between runs would never be read.',
        'w.yaml:7: defaults.rules.smartapesg.url-click.queryFrequency is "PT2H", but for tenants[0].workspaces[1], queryPeriod PT1H (from iocs/smartapesg/campaign.yaml) is shorter than queryFrequency PT2H (from defaults.rules.smartapesg.url-click.queryFrequency), so events between runs would never be read.',
      ].join("\n"),
    ],
    [
      "a long period on a fast schedule",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { queryFrequency: PT30M, queryPeriod: P2D }\n",
      }),
      'w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.queryPeriod is "P2D", but for tenants[0].workspaces[0], Sentinel needs a queryFrequency of at least PT1H when queryPeriod is 2 days or more (queryFrequency PT30M from tenants[0].workspaces[0].rules.smartapesg.dns.queryFrequency, queryPeriod P2D from tenants[0].workspaces[0].rules.smartapesg.dns.queryPeriod).',
    ],
    [
      "suppression shorter than the frequency",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns:\n              queryFrequency: PT2H\n              queryPeriod: PT2H\n              suppression: { enabled: true, duration: PT1H }\n",
      }),
      'w.yaml:20: tenants[0].workspaces[0].rules.smartapesg.dns.suppression.duration is "PT1H", but for tenants[0].workspaces[0], suppression lasts PT1H, shorter than queryFrequency PT2H (from tenants[0].workspaces[0].rules.smartapesg.dns.queryFrequency), and Sentinel needs suppression to last at least one run. Set suppression.duration to PT2H or longer.',
    ],
    [
      "a grouping window past seven days",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { incident: { grouping: { lookback: P8D } } }\n",
      }),
      'w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.incident.grouping.lookback is "P8D", but Sentinel accepts PT5M to P7D.',
    ],
    [
      "an unknown matching method",
      fileWith({
        workspace:
          "        rules:\n          smartapesg:\n            dns: { incident: { grouping: { matching: Everything } } }\n",
      }),
      'w.yaml:17: tenants[0].workspaces[0].rules.smartapesg.dns.incident.grouping.matching is "Everything", but it must be one of AllEntities, AnyAlert, Selected.',
    ],
    [
      "a state key shared by two workspaces",
      fileWith({
        defaults:
          "  backend:\n    type: azurerm\n    resourceGroupName: rg-state\n    storageAccountName: ststate\n    containerName: tfstate\n    key: sentinel.tfstate\n",
      }),
      "w.yaml:5: defaults.backend: tenants[0].workspaces[0] keeps its state at the same place (azurerm ststate/tfstate/sentinel.tfstate), so the two stacks would overwrite each other's state. Leave backend.key out to get <workspace key>.tfstate, or give each workspace its own key.",
    ],
    [
      "an invalid storage account name",
      fileWith({
        defaults:
          "  backend:\n    type: azurerm\n    resourceGroupName: rg-state\n    storageAccountName: St-State\n    containerName: tfstate\n",
      }),
      'w.yaml:8: defaults.backend.storageAccountName is "St-State", but a storage account name is 3 to 24 lower-case letters and digits.',
    ],
    [
      "an unknown backend type",
      fileWith({ defaults: "  backend: { type: s3 }\n" }),
      'w.yaml:5: defaults.backend.type is "s3", but it must be one of local, azurerm.',
    ],
    [
      "a hunting window of no days",
      fileWith({ defaults: "  hunting: { lookbackDays: 0 }\n" }),
      "w.yaml:5: defaults.hunting.lookbackDays is 0, but it must be at least 1.",
    ],
    [
      "a silence window under an hour",
      fileWith({ defaults: "  health: { silentAfter: PT30M }\n" }),
      'w.yaml:5: defaults.health.silentAfter is "PT30M", but Sentinel accepts PT1H to P14D.',
    ],
    [
      "two YAML documents",
      "tenants: []\n---\ntenants: []\n",
      "w.yaml:2:1: invalid YAML: the file contains more than one YAML document, separated by ---. Keep everything in one document.",
    ],
    [
      "an empty file",
      "",
      "w.yaml:1: the file is empty. Add tenants:, a list of tenants that each list their workspaces.",
    ],
  ])("rejects %s", (_case, text, message) => {
    expect(() => parse(text)).toThrow(new InputError(message));
  });

  it("rejects a workspace key used under two tenants", () => {
    const text = `${fileWith({})}  - key: fabrikam
    tenantId: ${TENANT.replace("9b1d", "1111")}
    subscriptionId: ${SUBSCRIPTION.replace("0b1f", "2222")}
    location: westeurope
    workspaces:
      - key: contoso-prod
        resourceGroupName: rg-other
        workspaceName: law-other
`;

    expect(() => parse(text)).toThrow(
      new InputError(
        'w.yaml:23: tenants[1].workspaces[0].key is "contoso-prod", but tenants[0].workspaces[1] has the same key. Keys name the stacks and their state, so give each workspace its own.',
      ),
    );
  });

  it("rejects a tenant key used twice", () => {
    const text = `${fileWith({})}  - key: contoso
    tenantId: ${TENANT.replace("9b1d", "1111")}
    subscriptionId: ${SUBSCRIPTION.replace("0b1f", "2222")}
    location: westeurope
    workspaces:
      - key: contoso-test
        resourceGroupName: rg-other
        workspaceName: law-other
`;

    expect(() => parse(text)).toThrow(
      new InputError(
        'w.yaml:18: tenants[1].key is "contoso", but tenants[0] has the same key. Give each tenant its own.',
      ),
    );
  });

  it("rejects the same Azure workspace twice", () => {
    const text = fileWith({}).replace(
      "        resourceGroupName: rg-prod\n        workspaceName: law-prod",
      "        resourceGroupName: RG-DEV\n        workspaceName: LAW-dev",
    );

    expect(() => parse(text)).toThrow(
      new InputError(
        'w.yaml:17: tenants[0].workspaces[1].workspaceName is "LAW-dev", but tenants[0].workspaces[0] already deploys to this Log Analytics workspace in the same subscription and resource group. Two stacks must not manage the same workspace, so remove one entry.',
      ),
    );
  });
});

describe("JSON Schema for editors", () => {
  const schemaText = readFileSync(
    join(PROJECT_DIR, "schema", "workspaces.schema.json"),
    "utf8",
  );
  const validate = new Ajv2020({ strict: false }).compile(
    JSON.parse(schemaText),
  );

  it("is the one generated from the synth schema", () => {
    expect(schemaText).toBe(workspacesJsonSchema());
  });

  it("accepts the shipped example", () => {
    expect(validate(parseYaml(EXAMPLE))).toBe(true);
  });

  it("flags a misspelt setting", () => {
    const text = fileWith({ workspace: "        onbaording: false\n" });

    expect(validate(parseYaml(text))).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: "/tenants/0/workspaces/0",
      keyword: "additionalProperties",
      params: { additionalProperty: "onbaording" },
    });
  });
});

describe("loadWorkspaces", () => {
  it("names a folder given as the workspaces file", () => {
    expect(() => loadWorkspaces(EXAMPLE_DIR, "cfg", CAMPAIGNS)).toThrow(
      new InputError(
        "cfg: this is a folder, but the workspaces file is a YAML file. Point SENTINEL_WORKSPACES at the file, such as workspaces.yaml.",
      ),
    );
  });
});
