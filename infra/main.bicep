// SupplierAssessment in Azure: one resource group holding
//   - a Linux function app on the Flex Consumption plan running the .NET isolated worker (modules/functionapp.bicep),
//   - one storage account for the Functions host and the app (modules/storage.bicep),
//   - Log Analytics + Application Insights (modules/monitoring.bicep),
//   - a Key Vault holding the SendGrid key (modules/keyvault.bicep),
//   - a Service Bus namespace (Standard) and topic for the integration events (modules/servicebus.bicep),
//   - the role assignments of the app's managed identity (modules/rbac.bicep).
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json \
//           -p sendGridApiKey=<key> authClientSecret=<secret>      (docs/operations.md)

targetScope = 'resourceGroup'

@description('Azure region of every resource (one where Flex Consumption is offered: az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Start of every resource name: 2-20 lowercase letters, digits or inner hyphens.')
@minLength(2)
@maxLength(20)
param namePrefix string = 'supplierassess'

@description('Sender of every email: a SendGrid verified sender.')
param emailFromAddress string

@description('Sender name of every email.')
param emailFromName string = 'SupplierAssessment'

@secure()
@description('The SendGrid API key. Pass it on the command line; it goes to Key Vault only.')
param sendGridApiKey string

@description('Application (client) id of the Microsoft Entra app registration for App Service Authentication.')
@minLength(36)
@maxLength(36)
param authClientId string

@description('Directory (tenant) id of that app registration; by default the tenant of the deployment.')
param authTenantId string = tenant().tenantId

@secure()
@description('Client secret of that app registration. Pass it on the command line.')
param authClientSecret string

@description('Browser origins allowed to call the app cross-origin (for example a partner portal). Empty: same origin only.')
param corsAllowedOrigins string[] = []

@description('Key Vault purge protection. Recommended in production; irreversible once on.')
param enablePurgeProtection bool = true

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days a deleted or overwritten blob can be recovered (point-in-time restore covers one day less).')
@minValue(2)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Tags put on every resource.')
param tags object = {
  application: 'SupplierAssessment'
}

var token = uniqueString(resourceGroup().id, namePrefix)
var appName = toLower('${namePrefix}-${token}')
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var storageAccountName = 'st${take(compactPrefix, 9)}${token}'
var keyVaultName = 'kv-${take(compactPrefix, 7)}-${take(token, 12)}'
// Flex Consumption reads the app package from this container (at most 63 characters).
var deploymentContainerName = 'app-package-${take(appName, 40)}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: 'log-${appName}'
    applicationInsightsName: 'appi-${appName}'
    retentionInDays: logRetentionDays
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: storageAccountName
    skuName: storageSku
    deploymentContainerName: deploymentContainerName
    blobSoftDeleteDays: blobSoftDeleteDays
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: keyVaultName
    enablePurgeProtection: enablePurgeProtection
    softDeleteRetentionInDays: 90
    sendGridSecretName: 'sendgrid-api-key'
    sendGridApiKey: sendGridApiKey
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'serviceBus'
  params: {
    location: location
    name: 'sb-${appName}'
    topicName: 'supplierassessment-events'
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    name: appName
    planName: 'plan-${appName}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    sendGridSecretUri: keyVault.outputs.sendGridSecretUri
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopic: serviceBus.outputs.topicName
    emailFromAddress: emailFromAddress
    emailFromName: emailFromName
    authClientId: authClientId
    authTenantId: authTenantId
    authClientSecret: authClientSecret
    corsAllowedOrigins: corsAllowedOrigins
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    functionAppName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
  }
}

output functionAppName string = functionApp.outputs.name
output defaultHostName string = functionApp.outputs.defaultHostName
output publicBaseUrl string = 'https://${functionApp.outputs.defaultHostName}'
output storageAccountName string = storage.outputs.name
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespaceName string = serviceBus.outputs.name
@description('The app setting that carries the Application Insights connection string.')
output applicationInsightsConnectionStringSetting string = 'APPLICATIONINSIGHTS_CONNECTION_STRING'
output applicationInsightsId string = monitoring.outputs.applicationInsightsId
