namespace SupplierAssessment.Domain.Events;

/// <summary>
/// A state change the buyer's other systems hear about (issue #14, docs/events.md): which change
/// (<see cref="Name"/>, e.g. <c>report.ready</c>; the CloudEvents type is <see cref="Type"/>), about which procurement
/// and assessment, its place in that assessment's (or procurement's) own sequence, and its data. The data holds ids,
/// states and figures only — never an answer, a link token, a supplier's name or anything a supplier typed — so
/// whoever builds an event here cannot leak them. The time is stamped when the event is stored with its state change.
/// </summary>
/// <param name="Name">The event's name, one of <see cref="IntegrationEvents.Names"/>.</param>
/// <param name="ProcurementId">The procurement the change belongs to.</param>
/// <param name="AssessmentId">The assessment, or null for a change of the procurement itself (alert level).</param>
/// <param name="Sequence">1, 2, 3 … per assessment (or per procurement when <paramref name="AssessmentId"/> is null): the order the events happened in.</param>
/// <param name="Data">Property name → a string, number, boolean, or a dictionary of those (JSON-serializable as is).</param>
public sealed record IntegrationEvent(string Name, string ProcurementId, string? AssessmentId, int Sequence, IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>The CloudEvents <c>type</c>: <c>supplierassessment.{name}.v1</c>.</summary>
    public string Type => $"supplierassessment.{Name}.v1";

    /// <summary>The CloudEvents <c>subject</c>: <c>procurements/{id}/assessments/{id}</c>, or <c>procurements/{id}</c>.</summary>
    public string Subject => AssessmentId is null ? $"procurements/{ProcurementId}" : $"procurements/{ProcurementId}/assessments/{AssessmentId}";

    /// <summary>
    /// The event's id, stable for ever once the event is stored: <c>{procurement}.{assessment or "procurement"}.{sequence}.{name}</c>.
    /// It is the CloudEvents <c>id</c> and the Service Bus <c>MessageId</c>, so a second send of the same event (a
    /// publisher that crashed after Service Bus accepted it) is dropped by the topic's duplicate detection.
    /// </summary>
    public string Id => $"{ProcurementId}.{AssessmentId ?? "procurement"}.{Sequence}.{Name}";
}

/// <summary>The events of issue #14, each made from the state it reports (docs/events.md has one JSON Schema per event).</summary>
public static class IntegrationEvents
{
    public const string SupplierInvited = "supplier.invited";
    public const string QuestionnaireSubmitted = "questionnaire.submitted";
    public const string ReportReady = "report.ready";
    public const string ExpertAssigned = "expert.assigned";
    public const string ReviewFinalized = "review.finalized";
    public const string AlertLevelChanged = "alertlevel.changed";
    public const string LinkRevoked = "link.revoked";
    public const string AssessmentWithdrawn = "assessment.withdrawn";

    /// <summary>Every event name, in the order of the workflow.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [SupplierInvited, QuestionnaireSubmitted, ReportReady, ExpertAssigned, ReviewFinalized, AlertLevelChanged, LinkRevoked, AssessmentWithdrawn];
}

/// <summary>Where a report version's JSON and PDF are downloaded (absolute URLs, for the project manager or expert signed in).</summary>
public sealed record ReportLinks(string Json, string Pdf);
