using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the OpenAPI 3.1 document of the JSON API, built once by reflection from the functions
/// themselves (ASP.NET Core's generator needs endpoint routing, which the worker does not have): every
/// <c>[Function]</c> whose HTTP trigger's route starts with <c>api/</c>, its methods and path parameters, its
/// <c>[Consumes]</c> request body, its <c>[ProducesResponseType]</c> answers with the JSON schemas of their types
/// (<see cref="JsonSchemaExporter"/>, web defaults), and 401/403 where <see cref="RequireRoleAttribute"/> applies.
/// </summary>
public sealed partial class OpenApiFunctions
{
    private const string BearerScheme = "bearerKey";

    private static readonly Lazy<string> V1 = new(() => Describe(typeof(OpenApiFunctions).Assembly).ToJsonString());

    /// <summary>The document named <paramref name="documentName"/>: only "v1" exists, anything else is a 404.</summary>
    [Function(nameof(OpenApi))]
    public IResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request, string documentName) =>
        documentName == "v1" ? Results.Text(V1.Value, "application/json; charset=utf-8") : Results.NotFound();

    /// <summary>The document of the API functions in <paramref name="assembly"/>, paths and operations in route order.</summary>
    internal static JsonObject Describe(Assembly assembly)
    {
        var functions =
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
            where function is not null && trigger?.Route is { } route && route.StartsWith("api/", StringComparison.Ordinal)
            orderby trigger.Route, function.Name
            select (function.Name, Path: "/" + RouteParameter().Replace(trigger.Route!, "{$1}"), Methods: trigger.Methods ?? [], Method: method);
        var paths = new JsonObject();
        foreach (var (name, path, verbs, method) in functions)
        {
            if (paths[path] is not JsonObject item)
            {
                item = new JsonObject();
                paths[path] = item;
            }
            foreach (var verb in verbs)
            {
                item[verb.ToLowerInvariant()] = Operation(name, path, method);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject { ["title"] = $"{assembly.GetName().Name} | v1", ["version"] = "1.0.0" },
            ["paths"] = paths,
            // How a signed-in caller is known (IdentityHandler): a fresh-user trial could learn it only from a 401's title.
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [BearerScheme] = new JsonObject
                    {
                        ["type"] = "http", ["scheme"] = "bearer",
                        ["description"] = "Your key, as 'Authorization: Bearer <key>' (locally the keys of Identity:Users; in Azure, App Service Authentication signs you in instead). A supplier's operations take the link's token in the path and no key.",
                    },
                },
            },
        };
    }

    private static JsonObject Operation(string name, string path, MethodInfo method)
    {
        var operation = new JsonObject { ["operationId"] = name, ["tags"] = new JsonArray(method.DeclaringType!.Name.Replace("Functions", "")) };
        // Route values are text: every function takes its path parameters as strings and parses them itself.
        var parameters = method.GetParameters().Where(p => path.Contains($"{{{p.Name}}}", StringComparison.Ordinal)).Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" },
        }).ToList();
        // An operation marked [ReadsIfMatch] reads If-Match (the ETag of the version the caller last loaded); one that can
        // answer 428 requires it.
        var statuses = method.GetCustomAttributes().OfType<IApiResponseMetadataProvider>().Select(p => p.StatusCode).ToHashSet();
        if (method.GetCustomAttribute<ReadsIfMatchAttribute>() is not null)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "If-Match", ["in"] = "header", ["required"] = statuses.Contains(StatusCodes.Status428PreconditionRequired),
                ["description"] = "The ETag of the version you last loaded: a stale one is refused with 412, and nothing is overwritten.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
        parameters.AddRange(method.GetCustomAttributes<QueryParameterAttribute>().Select(q => (JsonNode)new JsonObject
        {
            ["name"] = q.Name, ["in"] = "query", ["required"] = false, ["description"] = q.Description,
            ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. q.Values.Select(v => (JsonNode)v)]) },
        }));
        if (parameters.Count > 0)
        {
            operation["parameters"] = new JsonArray([.. parameters]);
        }
        var accepts = method.GetCustomAttributes().OfType<IAcceptsMetadata>().FirstOrDefault();
        if (accepts is not null)
        {
            var content = Content(accepts.ContentTypes, accepts.RequestType);
            // A request record's members are all optional (the function names each missing one), whatever the exporter infers from its constructor.
            foreach (var (_, media) in content)
            {
                (media?["schema"] as JsonObject)?.Remove("required");
            }
            operation["requestBody"] = new JsonObject { ["required"] = !accepts.IsOptional, ["content"] = content };
        }
        var responses = method.GetCustomAttributes().OfType<IApiResponseMetadataProvider>().Select(p => (p.StatusCode, p.Type, ContentTypes: ContentTypesOf(p))).ToList();
        if (method.GetCustomAttribute<RequireRoleAttribute>() is not null)
        {
            operation["security"] = new JsonArray(new JsonObject { [BearerScheme] = new JsonArray() });
            responses.Add((StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
            responses.Add((StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
        }
        // Every body is bounded (RequestLimits), and every key or link is checked against guessing (KeyGuard): a fresh-user
        // trial got a 413 and 429s that the document did not list.
        if (accepts is not null && !statuses.Contains(StatusCodes.Status413PayloadTooLarge))
        {
            responses.Add((StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        }
        // A JSON body sent as anything else is a 415 (JsonBody), a form sent as anything else too (FormBody).
        if (accepts is not null && !statuses.Contains(StatusCodes.Status415UnsupportedMediaType))
        {
            responses.Add((StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
        }
        if (method.GetCustomAttribute<RequireRoleAttribute>() is not null || path.Contains("{token}", StringComparison.Ordinal))
        {
            responses.Add((StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
        }
        operation["responses"] = new JsonObject(responses.OrderBy(r => r.StatusCode).Select(r => KeyValuePair.Create(
            r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)Response(r.StatusCode, r.Type, r.ContentTypes))));
        return operation;
    }

    private static IEnumerable<string> ContentTypesOf(IApiResponseMetadataProvider produces)
    {
        var contentTypes = new MediaTypeCollection();
        produces.SetContentTypes(contentTypes);
        return contentTypes;
    }

    private static JsonObject Response(int status, Type? type, IEnumerable<string> contentTypes)
    {
        var response = new JsonObject { ["description"] = ReasonPhrases.GetReasonPhrase(status) };
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response["description"] = "Too many wrong keys or links from this address: wait as Retry-After says.";
            response["headers"] = new JsonObject
            {
                ["Retry-After"] = new JsonObject { ["description"] = "Seconds to wait.", ["schema"] = new JsonObject { ["type"] = "integer" } },
            };
        }
        var hasBody = type is not null && type != typeof(void);
        var types = contentTypes.Any() ? contentTypes : hasBody ? ["application/json"] : [];
        if (types.Any())
        {
            response["content"] = Content(types, hasBody ? type : null);
        }
        return response;
    }

    /// <summary>
    /// One media type object per content type, with the schema of <paramref name="type"/> when there is one, on the JSON
    /// types only: a download offered beside the JSON (text/csv, a workbook) or a form has no JSON schema.
    /// </summary>
    private static JsonObject Content(IEnumerable<string> contentTypes, Type? type) => new(contentTypes.Select(contentType => KeyValuePair.Create(
        contentType, (JsonNode?)(type is null || !contentType.Contains("json", StringComparison.Ordinal) ? new JsonObject() : new JsonObject { ["schema"] = Schema(type) }))));

    /// <summary>The schema of a body: the body itself is never null; its members are as their nullable annotations say.</summary>
    private static JsonNode Schema(Type type) =>
        JsonSerializerOptions.Web.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    /// <summary>A route parameter with its catch-all star, constraints or optional mark (<c>{*path}</c>, <c>{version:int}</c>), kept as its name.</summary>
    [GeneratedRegex(@"\{\*?([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
