// Key Vault for the one secret the app reads: the SendGrid API key. Access is by Azure RBAC only (no access
// policies); rbac.bicep gives the function app's identity "Key Vault Secrets User".

@description('Azure region of the vault.')
param location string

@description('Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Purge protection: once on, it cannot be turned off, and a deleted vault keeps its name for the retention period.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Name of the secret holding the SendGrid API key.')
param sendGridSecretName string

@secure()
@description('The SendGrid API key (stored as the secret; never in a parameters file).')
param sendGridApiKey string

param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The property accepts only true (or absent): purge protection can never be switched off again.
    enablePurgeProtection: enablePurgeProtection ? true : null
    // Flex Consumption resolves Key Vault references only from vaults that are not network-restricted.
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

output name string = vault.name
output id string = vault.id
@description('The secret URI without a version: the app setting always reads the latest version.')
output sendGridSecretUri string = sendGridSecret.properties.secretUri
