// The one storage account: the Functions host's own storage (triggers, timer locks), the app's tables, blobs and
// queues (docs/storage.md), and the blob container Flex Consumption deploys the app package to.
// No account keys: every caller authenticates with Microsoft Entra ID (rbac.bicep grants the app's identity).

@description('Azure region of the account.')
param location string

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Container that receives the app package (Flex Consumption deployments).')
param deploymentContainerName string

@description('Days a deleted or overwritten blob, and a deleted container, can be recovered.')
@minValue(2)
@maxValue(365)
param blobSoftDeleteDays int

param tags object

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

// Reports and evidence are written once and never overwritten (docs/storage.md); soft delete, versioning and
// point-in-time restore still let an operator undo a mistaken deletion (docs/operations.md, "Backup and restore").
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
    }
    // A restore point must lie inside the soft-delete window, so it is one day shorter.
    restorePolicy: {
      enabled: true
      days: blobSoftDeleteDays - 1
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
