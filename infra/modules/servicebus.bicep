// The Service Bus namespace and topic the integration events go to (docs/events.md). Standard tier: the lowest with
// topics. Local (SAS) auth is off: the app sends with its managed identity (rbac.bicep: Azure Service Bus Data
// Sender on the topic), and each subscriber gets a role of its own. Duplicate detection drops a second send of the
// same event (the message id is the event id), e.g. after a publisher sent it but could not delete its outbox row.

@description('Azure region of the namespace.')
param location string

@description('Namespace name: 6-50 letters, digits and hyphens, globally unique.')
@minLength(6)
@maxLength(50)
param name string

@description('The topic the app publishes its events to.')
param topicName string

@description('How long the topic remembers message ids to drop duplicates (ISO 8601, at most 7 days).')
param duplicateDetectionWindow string = 'P1D'

param tags object

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    supportOrdering: true
    defaultMessageTimeToLive: 'P14D'
  }
}

output name string = namespace.name
output topicName string = topic.name
@description('The namespace host name the app connects to (ServiceBus__FullyQualifiedNamespace).')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
