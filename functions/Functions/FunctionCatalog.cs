using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Functions;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>One Azure Function: its folder name, trigger and route, queue or schedule.</summary>
public sealed record FunctionDefinition(
    string Name, TriggerKind Trigger, string? Route = null, string[]? Methods = null, string? Queue = null, string? Schedule = null, bool IsPage = false)
{
    /// <summary>The name of the trigger binding in function.json: the key of <c>Data</c> in the host's invocation payload.</summary>
    public string TriggerBinding => Trigger switch
    {
        TriggerKind.Http => "req",
        TriggerKind.Queue => "message",
        _ => "timer",
    };

    /// <summary>The function.json the Functions host reads (FUNCTIONS-CONTRACT "function.json examples").</summary>
    public JsonObject ToFunctionJson() => Trigger switch
    {
        TriggerKind.Http => new JsonObject
        {
            ["bindings"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = TriggerBinding, ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray([.. Methods!.Select(m => (JsonNode)m.ToLowerInvariant())]),
                    ["route"] = Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
        },
        TriggerKind.Queue => new JsonObject
        {
            ["bindings"] = new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = TriggerBinding, ["queueName"] = Queue, ["connection"] = "AzureWebJobsStorage",
            }),
        },
        _ => new JsonObject
        {
            ["bindings"] = new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = TriggerBinding, ["schedule"] = Schedule,
            }),
        },
    };
}

/// <summary>
/// The one list of the app's functions. HTTP endpoints are mapped with <c>.WithName(name)</c> from it; queue and
/// timer handlers are dispatched by name; <see cref="WriteFunctionFolders"/> writes each function.json from it.
/// A test checks that every endpoint and handler is here and everything here has its endpoint or handler.
/// </summary>
public static class FunctionCatalog
{
    public const string SubmittedQueue = "assessment-submitted";
    public const string ReportRequestedQueue = "report-requested";
    public const string ReportReadyQueue = "report-ready";

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        Http("Home", "", "GET"),
        Http("Health", "health", "GET"),
        Http("Gap", "api/gap", "POST"),
        Http("OpenApi", "openapi/{documentName}.json", "GET"),
        Http("ListProcurements", "api/procurements", "GET"),
        Http("CreateProcurement", "api/procurements", "POST"),
        Http("GetProcurement", "api/procurements/{procurementId}", "GET"),
        Http("ChangeAlertLevel", "api/procurements/{procurementId}/alert-level", "PUT"),
        Http("Ranking", "api/procurements/{procurementId}/ranking", "GET"),
        Http("AuditTrail", "api/procurements/{procurementId}/audit", "GET"),
        Http("InviteSupplier", "api/procurements/{procurementId}/invitations", "POST"),
        Http("GetAssessment", "api/procurements/{procurementId}/assessments/{assessmentId}", "GET"),
        Http("ResendLink", "api/procurements/{procurementId}/assessments/{assessmentId}/resend", "POST"),
        Http("RevokeLink", "api/procurements/{procurementId}/assessments/{assessmentId}/revoke", "POST"),
        Http("AssignReviewer", "api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", "PUT"),
        Http("ListReports", "api/procurements/{procurementId}/assessments/{assessmentId}/reports", "GET"),
        Http("GetReport", "api/procurements/{procurementId}/assessments/{assessmentId}/reports/{version}", "GET"),
        Http("GetEvidence", "api/procurements/{procurementId}/assessments/{assessmentId}/evidence/{fileId}", "GET"),
        Http("OverrideRating", "api/procurements/{procurementId}/assessments/{assessmentId}/overrides", "PUT"),
        Http("FinalizeReview", "api/procurements/{procurementId}/assessments/{assessmentId}/finalize", "POST"),
        Http("GetQuestionnaire", "api/questionnaires/{token}", "GET"),
        Http("SaveAnswers", "api/questionnaires/{token}/answers", "PATCH"),
        Http("UploadEvidence", "api/questionnaires/{token}/evidence/{questionId}", "POST"),
        Http("SubmitQuestionnaire", "api/questionnaires/{token}/submit", "POST"),
        Http("StaticAsset", "static/{*path}", "GET"),
        Page("SignIn", "signin"),
        Page("SignOut", "signout", "POST"),
        Page("SupplierQuestionnaire", "q/{token}"),
        Page("SupplierReceipt", "q/{token}/receipt", "GET"),
        Page("ProcurementsPage", "procurements"),
        Page("NewProcurementPage", "procurements/new"),
        Page("ProcurementPage", "procurements/{procurementId}"),
        Page("ReportPage", "procurements/{procurementId}/assessments/{assessmentId}/reports/{version:int}"),
        Page("ReviewPage", "review/{procurementId}/{assessmentId}"),
        Page("AdminPage", "admin", "GET"),
        Page("AdminNewProfilePage", "admin/profiles/new"),
        Page("AdminEditProfilePage", "admin/profiles/{profileId}/edit"),
        Http("Outbox", "dev/outbox", "GET"),
        Http("OutboxMail", "dev/outbox/{stem}", "GET"),
        new("ScoreAssessment", TriggerKind.Queue, Queue: SubmittedQueue),
        new("RenderReport", TriggerKind.Queue, Queue: ReportRequestedQueue),
        new("NotifyProjectManager", TriggerKind.Queue, Queue: ReportReadyQueue),
        new("Housekeeping", TriggerKind.Timer, Schedule: "0 0 * * * *"),
    ];

    public static IEnumerable<string> QueueNames => All.Where(f => f.Trigger == TriggerKind.Queue).Select(f => f.Queue!);

    public static FunctionDefinition Get(string name) => All.Single(f => f.Name == name);

    /// <summary>Writes one folder per function, each with its function.json (the deployable layout).</summary>
    public static void WriteFunctionFolders(string appRoot)
    {
        foreach (var function in All)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"),
                function.ToFunctionJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    private static FunctionDefinition Http(string name, string route, params string[] methods) => new(name, TriggerKind.Http, route, methods);

    /// <summary>A Razor page: GET shows it, POST sends its form (with an anti-forgery token).</summary>
    private static FunctionDefinition Page(string name, string route, params string[] methods) =>
        new(name, TriggerKind.Http, route, methods.Length > 0 ? methods : ["GET", "POST"], IsPage: true);
}

/// <summary>Maps endpoints so that each carries the name of its function in <see cref="FunctionCatalog"/>.</summary>
public static class FunctionEndpoints
{
    public static RouteHandlerBuilder MapFunction(this IEndpointRouteBuilder app, string name, Delegate handler)
    {
        var function = FunctionCatalog.Get(name);
        return app.MapMethods("/" + function.Route, function.Methods!, handler).WithName(name);
    }

    /// <summary>Documents the problem+json answers an endpoint gives (400 as a validation problem with its field errors).</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder = status == StatusCodes.Status400BadRequest ? builder.ProducesValidationProblem() : builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>
    /// Documents the request body's content type in the OpenAPI document only. <c>Accepts</c> would also make routing
    /// answer a wrong content type with a bare 415; the handlers answer it themselves with a problem naming the field.
    /// </summary>
    public static RouteHandlerBuilder WithRequestBody(this RouteHandlerBuilder builder, string contentType) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { [contentType] = new() },
            };
            return Task.CompletedTask;
        });

    /// <summary>Requires a signed-in user in <paramref name="role"/> (any role when null), documenting 401 and 403.</summary>
    public static RouteHandlerBuilder ForRole(this RouteHandlerBuilder builder, string? role = null) =>
        (role is null ? builder.RequireAuthorization() : builder.RequireAuthorization(role))
            .WithProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
