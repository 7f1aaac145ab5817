// Partnership Pulse on Azure: a Linux App Service running the production build, and an Azure Bot registration whose
// messaging endpoint is the web app's /api/messages, with the Teams channel on. PostgreSQL is not created here:
// point DATABASE_URL at an Azure Database for PostgreSQL flexible server (docs/ADMIN.md) before running replicas.
@maxLength(20)
@minLength(4)
@description('Used to name the resources')
param resourceBaseName string

@description('The bot Entra app (client) id (BOT_ID)')
param botAadAppClientId string

@secure()
@description('The bot Entra app client secret (SECRET_BOT_PASSWORD)')
param botAadAppClientSecret string

@description('The tenant of the bot app registration (single tenant)')
param botAadAppTenantId string

@description('Entra tenant ids allowed to talk to the bot, comma-separated (ALLOWED_TENANT_IDS)')
param allowedTenantIds string

@secure()
@description('postgres:// URL of the shared database (DATABASE_URL)')
param databaseUrl string

@description('App Service plan SKU; B1 or larger for always-on')
param webAppSku string = 'B1'

@description('Number of replicas (App Service instances)')
param instanceCount int = 2

@maxLength(42)
param botDisplayName string = 'Partnership Pulse'

param location string = resourceGroup().location

var serverfarmsName = resourceBaseName
var webAppName = resourceBaseName

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  kind: 'app,linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      healthCheckPath: '/readyz'
      appCommandLine: 'node --disable-warning=DEP0111 --disable-warning=DEP0005 --disable-warning=DEP0169 --disable-warning=DEP0040 --max-old-space-size=512 dist/src/main.js'
      appSettings: [
        { name: 'PULSE_ENV', value: 'production' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'PORT', value: '8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'MicrosoftAppId', value: botAadAppClientId }
        { name: 'MicrosoftAppPassword', value: botAadAppClientSecret }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppTenantId', value: botAadAppTenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'DATABASE_URL', value: databaseUrl }
      ]
    }
  }
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botAadAppClientId: botAadAppClientId
    botAadAppTenantId: botAadAppTenantId
    botAppDomain: webApp.properties.defaultHostName
    botDisplayName: botDisplayName
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
