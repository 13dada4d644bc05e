import { v5 as referenceUuidV5 } from "uuid";

import {
  connectorName,
  NAME_NAMESPACE,
  ruleName,
  watchlistItemName,
} from "../core/identity";

describe("generated names", () => {
  it.each([
    ["evil.test"],
    ["https://evil.test/${jndi:ldap://x}"],
    ["bücher.example"],
    ["😀.example"],
    [""],
  ])("match the RFC UUIDv5 of item %j", (value) => {
    expect(watchlistItemName("ioc_smartapesg", "domain", value)).toBe(
      referenceUuidV5(
        `watchlist-item\nioc_smartapesg\ndomain\n${value}`,
        NAME_NAMESPACE,
      ),
    );
  });

  it("match the RFC UUIDv5 of rules and connectors", () => {
    expect(ruleName("contoso-prod", "smartapesg", "dns")).toBe(
      referenceUuidV5("rule\ncontoso-prod\nsmartapesg\ndns", NAME_NAMESPACE),
    );
    expect(connectorName("contoso-prod", "defender-xdr")).toBe(
      referenceUuidV5(
        "data-connector\ncontoso-prod\ndefender-xdr",
        NAME_NAMESPACE,
      ),
    );
  });

  it("keeps the deployed name of a known item", () => {
    expect(
      watchlistItemName(
        "ioc_smartapesg",
        "url",
        "https://cometparapet.top/alias/legacy-dom",
      ),
    ).toBe("01f3de63-20af-5cb9-9762-464923e7e290");
  });
});
