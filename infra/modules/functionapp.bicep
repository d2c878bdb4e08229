// The function app: a Linux Flex Consumption plan running the .NET isolated worker (runtime dotnet-isolated 10.0,
// docs/decisions/ADR-002-isolated-worker.md), its app settings (functions/Hosting/AppSettings.cs lists every one the
// app reads), CORS, and App Service Authentication with Microsoft Entra ID in front of everything but the supplier routes.

@description('The Service Bus namespace host name the integration events go to.')
param serviceBusNamespace string

@description('The topic the integration events are sent to.')
param serviceBusTopic string

@description('Azure region of the plan and the app.')
param location string

@description('Function app name (also the first label of its default host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Blob endpoint of the storage account (ends with "/").')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('Container of the storage account that receives the app package.')
param deploymentContainerName string

@description('Application Insights connection string (not a secret: it only names where telemetry goes).')
param applicationInsightsConnectionString string

@description('Versionless URI of the Key Vault secret holding the SendGrid API key.')
param sendGridSecretUri string

@description('Sender of every email: a SendGrid verified sender.')
param emailFromAddress string

@description('Sender name of every email.')
param emailFromName string

@description('Application (client) id of the Microsoft Entra app registration used by App Service Authentication.')
param authClientId string

@description('Directory (tenant) id of that app registration.')
param authTenantId string

@secure()
@description('Client secret of that app registration (kept as the app setting MICROSOFT_PROVIDER_AUTHENTICATION_SECRET).')
param authClientSecret string

@description('Origins allowed to call the app from a browser (CORS is answered by the platform, not the app).')
param corsAllowedOrigins string[]

param tags object

// Routes reachable without signing in. Suppliers never sign in: their link is their key (DESIGN.md §5).
var anonymousPaths = [
  '/' // the home page
  '/health'
  '/api/gap' // the stateless what-if gap (no storage, no personal data)
  '/api/questionnaires/*' // supplier API: the token in the path is the credential
  '/q/*' // supplier pages (questionnaire, receipt)
  '/static/*' // the CSS and scripts the supplier pages load
  '/signin' // the page that links to /.auth/login/aad
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      // The package is read from this container with the app's own identity (Storage Blob Data Owner).
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The isolated worker on .NET 10. On Flex Consumption the runtime is declared here, never as the app settings
      // FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_WORKER_RUNTIME_VERSION (not used on this plan: infra/README.md).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the app reads in Azure (functions/Hosting/AppSettings.cs, "RequiredInAzure"), plus the platform's.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The Functions host's storage, reached with the managed identity; also the queue triggers' connection
    // (they name none, so they use AzureWebJobsStorage).
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__queueServiceUri: queueEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    // Telemetry of the host and of the worker (Microsoft.Azure.Functions.Worker.ApplicationInsights), both sent with
    // the managed identity: local auth is off on the component, and both read the authentication string.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // App Service Authentication's client secret (authSettings below names this setting).
    MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: authClientSecret
    // The app's own clients (tables, blobs, queues it sends to): the same account, the same identity.
    Storage__BlobServiceUri: blobEndpoint
    Storage__QueueServiceUri: queueEndpoint
    Storage__TableServiceUri: tableEndpoint
    // Email through SendGrid; the key stays in Key Vault.
    Email__SendGridApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
    Email__FromAddress: emailFromAddress
    Email__FromName: emailFromName
    // Integration events (docs/events.md): the topic, reached with the managed identity.
    ServiceBus__FullyQualifiedNamespace: serviceBusNamespace
    ServiceBus__Topic: serviceBusTopic
    // Who is calling: the principal headers of App Service Authentication.
    Identity__Mode: 'AppService'
    App__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
    Sample__Enabled: 'false'
  }
}

resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  dependsOn: [
    appSettings // the client secret setting must exist first
  ]
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      // The app needs only the principal headers, not the user's tokens; Flex Consumption has no persistent
      // file system for a file-based token store.
      tokenStore: {
        enabled: false
      }
    }
  }
}

// No FTP and no basic-auth deployments: deploy with an Entra token (az functionapp deploy / config-zip).
// (Flex Consumption has refused siteConfig.ftpsState, so FTP is turned off through its publishing-credentials policy.)
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
