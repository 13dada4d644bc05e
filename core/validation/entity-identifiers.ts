/**
 * Identifiers each Sentinel entity type accepts in an entity mapping, from the
 * Microsoft Sentinel entity reference.
 */
export const ENTITY_IDENTIFIERS: Readonly<Record<string, readonly string[]>> = {
  Account: [
    "Name",
    "FullName",
    "NTDomain",
    "DnsDomain",
    "UPNSuffix",
    "Sid",
    "AadTenantId",
    "AadUserId",
    "PUID",
    "IsDomainJoined",
    "DisplayName",
    "ObjectGuid",
  ],
  Host: [
    "DnsDomain",
    "NTDomain",
    "HostName",
    "FullName",
    "NetBiosName",
    "AzureID",
    "OMSAgentID",
    "OSFamily",
    "OSVersion",
    "IsDomainJoined",
  ],
  IP: ["Address"],
  URL: ["Url"],
  DNS: ["DomainName"],
  FileHash: ["Algorithm", "Value"],
  File: ["Directory", "Name"],
  Process: ["ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"],
  Mailbox: [
    "MailboxPrimaryAddress",
    "DisplayName",
    "Upn",
    "ExternalDirectoryObjectId",
    "RecipientType",
  ],
  MailMessage: [
    "Recipient",
    "Sender",
    "NetworkMessageId",
    "InternetMessageId",
    "Subject",
  ],
  CloudApplication: ["AppId", "Name", "InstanceName"],
  AzureResource: ["ResourceId"],
};
