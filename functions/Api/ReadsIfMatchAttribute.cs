namespace SupplierAssessment.Functions.Api;

/// <summary>
/// Marks an operation that reads <c>If-Match</c>: a stale version is refused with 412 and nothing is changed (required
/// when it also answers 428). The OpenAPI document lists the header for these operations only; another operation's 412
/// means that the row changed at the same moment as the change, whatever the client sends.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadsIfMatchAttribute : Attribute;
