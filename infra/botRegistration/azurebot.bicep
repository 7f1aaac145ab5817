// The Azure Bot resource (global) for a single-tenant app registration, and its Microsoft Teams channel.
@maxLength(20)
@minLength(4)
param resourceBaseName string
param botAadAppClientId string
param botAadAppTenantId string
param botAppDomain string
@maxLength(42)
param botDisplayName string
param botServiceSku string = 'F0'

resource botService 'Microsoft.BotService/botServices@2021-03-01' = {
  kind: 'azurebot'
  location: 'global'
  name: resourceBaseName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
  sku: {
    name: botServiceSku
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2021-03-01' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
