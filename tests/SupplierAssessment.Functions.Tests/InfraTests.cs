using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// infra/main.bicep compiles cleanly with the Bicep CLI from NuGet, and the ARM template it produces deploys what the
/// app needs in Azure: a Flex Consumption app running dotnet-isolated 10.0, every setting AppSettings.cs marks
/// RequiredInAzure, the SendGrid key as a Key Vault reference, keyless storage reached by the app's identity, and App
/// Service Authentication in front of all but the supplier routes.
/// </summary>
public partial class InfraTests
{
    /// <summary>Compiled once for the class: the CLI is a 120 MB native binary and takes seconds to start.</summary>
    private static readonly Lazy<Compilation> Compiled = new(Compile);

    private static JsonObject Template
    {
        get
        {
            var compiled = Compiled.Value;
            Assert.True(compiled.ExitCode == 0, $"bicep build failed ({compiled.ExitCode}):\n{compiled.Errors}");
            return JsonNode.Parse(compiled.Json)!.AsObject();
        }
    }

    [Fact]
    public void Bicep_compiles_without_errors_or_warnings()
    {
        var compiled = Compiled.Value;
        Assert.True(compiled.ExitCode == 0, $"bicep build failed ({compiled.ExitCode}):\n{compiled.Errors}");
        var diagnostics = compiled.Errors.Split('\n').Where(line => DiagnosticLine().IsMatch(line)).ToArray();
        Assert.True(diagnostics.Length == 0, "fix these in the Bicep:\n" + string.Join("\n", diagnostics));
        Assert.Equal("Microsoft.Web/sites", Single(Template, "Microsoft.Web/sites").Type);
    }

    [Fact]
    public void Function_app_sets_every_setting_the_app_requires_in_Azure()
    {
        var settings = AppSettingsOf(Template);
        var site = Single(Template, "Microsoft.Web/sites").Properties;
        foreach (var required in AppSettings.All.Where(s => s.RequiredInAzure))
        {
            if (required.Name == "FUNCTIONS_WORKER_RUNTIME")
            {
                // Flex Consumption takes the runtime from functionAppConfig, not from this app setting.
                Assert.Equal("dotnet-isolated", (string?)site["functionAppConfig"]?["runtime"]?["name"]);
                Assert.False(settings.ContainsKey(required.Name), "on Flex Consumption the runtime is functionAppConfig.runtime, not the app setting FUNCTIONS_WORKER_RUNTIME");
                continue;
            }
            Assert.True(settings.ContainsKey(required.Name), $"{required.Name} ({required.Meaning}) is not among the app settings: {string.Join(", ", settings.Keys)}");
        }
        Assert.Equal("managedidentity", Literal(settings["AzureWebJobsStorage__credential"]));
        Assert.Equal("AppService", Literal(settings["Identity__Mode"]));
        Assert.Equal("false", Literal(settings["Sample__Enabled"]));
        Assert.Contains("https://", Literal(settings["App__PublicBaseUrl"]));
        Assert.Contains("defaultHostName", Literal(settings["App__PublicBaseUrl"]));
        Assert.Equal("Authorization=AAD", Literal(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]));
        // Not app settings on Flex Consumption: the runtime and its version are functionAppConfig.runtime, and the
        // package is deployed to the container named in functionAppConfig.deployment.
        foreach (var unused in new[] { "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "AzureWebJobsStorage" })
        {
            Assert.False(settings.ContainsKey(unused), $"{unused} is not an app setting of this Flex Consumption app");
        }
    }

    [Fact]
    public void SendGrid_key_is_a_Key_Vault_reference_to_a_secret_from_a_secure_parameter()
    {
        var template = Template;
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", Literal(AppSettingsOf(template)["Email__SendGridApiKey"]));

        var vault = Single(template, "Microsoft.KeyVault/vaults");
        Assert.True((bool)vault.Properties["enableRbacAuthorization"]!);
        Assert.True((bool)vault.Properties["enableSoftDelete"]!);
        Assert.Contains("enablePurgeProtection", Literal(vault.Properties["enablePurgeProtection"]));

        var secret = Single(template, "Microsoft.KeyVault/vaults/secrets");
        var parameter = ParameterNameIn(Literal(secret.Properties["value"]));
        Assert.Equal("securestring", (string?)secret.Template["parameters"]![parameter]!["type"]);
        Assert.Equal("securestring", (string?)template["parameters"]!["sendGridApiKey"]!["type"]);

        Assert.Contains(RoleAssignments(template), r => r.Role == KeyVaultSecretsUser && r.Scope.Contains("Microsoft.KeyVault/vaults"));
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_public_blobs_and_old_TLS()
    {
        var accounts = Resources(Template).Where(r => r.Type == "Microsoft.Storage/storageAccounts").ToArray();
        var account = Assert.Single(accounts);
        Assert.Equal("StorageV2", (string?)account.Node["kind"]);
        Assert.False((bool)account.Properties["allowSharedKeyAccess"]!);
        Assert.False((bool)account.Properties["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)account.Properties["minimumTlsVersion"]);

        var deployment = Single(Template, "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", (string?)deployment.Properties["publicAccess"]);
    }

    [Fact]
    public void App_identity_has_one_role_per_storage_data_plane()
    {
        var assignments = RoleAssignments(Template).Where(r => r.Scope.Contains("Microsoft.Storage/storageAccounts")).ToArray();
        foreach (var (role, name) in new[]
        {
            (StorageBlobDataOwner, "Storage Blob Data Owner"),
            (StorageQueueDataContributor, "Storage Queue Data Contributor"),
            (StorageTableDataContributor, "Storage Table Data Contributor"),
        })
        {
            var assignment = assignments.SingleOrDefault(a => a.Role == role);
            Assert.True(assignment is not null, $"no {name} ({role}) assignment on the storage account");
            Assert.Contains("Microsoft.Web/sites", assignment.PrincipalId);
            Assert.Contains("identity.principalId", assignment.PrincipalId);
            Assert.Equal("ServicePrincipal", assignment.PrincipalType);
        }
    }

    [Fact]
    public void Function_app_is_a_flex_consumption_dotnet_isolated_10_app_with_managed_identity_https_and_cors()
    {
        var template = Template;
        var plan = Single(template, "Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", (string?)plan.Node["sku"]!["tier"]);
        Assert.True((bool)plan.Properties["reserved"]!, "a Linux plan");

        var site = Single(template, "Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site.Node["kind"]);
        var runtime = site.Properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
        Assert.Equal("SystemAssigned", (string?)site.Node["identity"]!["type"]);
        Assert.True((bool)site.Properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site.Properties["siteConfig"]!["minTlsVersion"]);
        Assert.Contains("parameters('corsAllowedOrigins')", Literal(site.Properties["siteConfig"]!["cors"]!["allowedOrigins"]));
        var deployment = site.Properties["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("SystemAssignedIdentity", (string?)deployment["authentication"]!["type"]);

        var ftp = Resources(template).Single(r => r.Type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies" && r.Name.Contains("'ftp'"));
        Assert.False((bool)ftp.Properties["allow"]!);
    }

    [Fact]
    public void App_Service_Authentication_lets_only_supplier_and_host_routes_through_without_sign_in()
    {
        var auth = Resources(Template).Single(r => r.Type == "Microsoft.Web/sites/config" && r.Name.Contains("'authsettingsV2'"));
        var validation = auth.Properties["globalValidation"]!;
        Assert.True((bool)validation["requireAuthentication"]!);
        Assert.Equal("Return401", (string?)validation["unauthenticatedClientAction"]);
        Assert.Equal("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET",
            (string?)auth.Properties["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientSecretSettingName"]);
        Assert.True(AppSettingsOf(Template).ContainsKey("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"));

        var excluded = Resolved(validation["excludedPaths"], auth.Template)!.AsArray().Select(p => (string)p!).ToArray();
        foreach (var path in new[] { "/", "/health", "/api/gap", "/api/questionnaires/*", "/q/*" })
        {
            Assert.Contains(path, excluded);
        }
        var functions = HttpFunctions().ToArray();
        Assert.NotEmpty(functions);
        foreach (var (name, route) in functions)
        {
            var sample = "/" + RouteParameter().Replace(route, "x");
            var open = excluded.Any(p => p.EndsWith("/*", StringComparison.Ordinal) ? sample.StartsWith(p[..^1], StringComparison.Ordinal) : sample == p);
            Assert.True(open == Anonymous.Contains(name),
                $"{name} ({sample}) is {(open ? "open" : "behind sign-in")}; suppliers and visitors need exactly {string.Join(", ", Anonymous)} open");
        }
    }

    /// <summary>
    /// The app's HTTP functions and their routes, read from the [Function] methods and their [HttpTrigger] parameter
    /// (the one list of functions, ADR-002); with no route the host uses the function's name.
    /// </summary>
    private static IEnumerable<(string Name, string Route)> HttpFunctions() =>
        from type in typeof(AppSettings).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault()
        where trigger is not null
        select (function.Name, (trigger.Route ?? function.Name).TrimStart('/'));

    [Fact]
    public void Outputs_name_what_operations_needs()
    {
        var outputs = Template["outputs"]!.AsObject();
        foreach (var name in new[] { "functionAppName", "defaultHostName", "storageAccountName", "keyVaultName", "applicationInsightsConnectionStringSetting", "applicationInsightsId" })
        {
            Assert.True(outputs.ContainsKey(name), $"output {name} is missing");
        }
    }

    [Fact]
    public void Parameters_file_names_only_declared_parameters_and_holds_no_secret()
    {
        var declared = Template["parameters"]!.AsObject();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteServer.RepoRoot(), "infra", "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject();
        foreach (var (name, value) in given)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
            var type = (string?)declared[name]!["type"];
            Assert.False(type is "securestring" or "secureObject" && value!["value"] is not null,
                $"'{name}' is a secret: pass it on the command line (or as a Key Vault reference), never as a value in the file");
            Assert.DoesNotMatch(SecretLooking(), value!.ToJsonString());
        }
        foreach (var (name, parameter) in declared)
        {
            var secret = (string?)parameter!["type"] is "securestring" or "secureObject";
            if (parameter["defaultValue"] is null && !secret)
            {
                Assert.True(given.ContainsKey(name), $"'{name}' has no default: main.parameters.json must give it");
            }
        }
    }

    // ---- compiling ----

    private sealed record Compilation(int ExitCode, string Json, string Errors);

    private static Compilation Compile()
    {
        var bicep = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        var start = new ProcessStartInfo(bicep)
        {
            WorkingDirectory = AzuriteServer.RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", Path.Combine("infra", "main.bicep"), "--stdout" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bicep}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep build took more than 120 s");
        }
        return new Compilation(process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }

    // ---- reading the ARM template (modules compile to nested deployments, each with its own template) ----

    private sealed record Resource(JsonObject Node, JsonObject Template)
    {
        public string Type => (string)Node["type"]!;
        public string Name => (string?)Node["name"] ?? "";
        public JsonObject Properties => Node["properties"]!.AsObject();
    }

    private sealed record RoleAssignment(string Role, string Scope, string PrincipalId, string? PrincipalType);

    private static IEnumerable<Resource> Resources(JsonObject template)
    {
        // languageVersion 2.0 keys resources by symbolic name; 1.0 lists them.
        var resources = template["resources"] switch
        {
            JsonObject named => named.Select(p => p.Value!.AsObject()),
            JsonArray listed => listed.Select(r => r!.AsObject()),
            _ => [],
        };
        // A reference to an existing resource (languageVersion 2.0 may list one) deploys nothing: skip it.
        foreach (var resource in resources.Where(r => (bool?)r["existing"] != true))
        {
            yield return new Resource(resource, template);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static Resource Single(JsonObject template, string type)
    {
        var matches = Resources(template).Where(r => r.Type == type).ToArray();
        Assert.True(matches.Length == 1, $"expected one {type}, found {matches.Length}");
        return matches[0];
    }

    /// <summary>The function app's settings (name → value or expression), from its appsettings config resource.</summary>
    private static Dictionary<string, JsonNode?> AppSettingsOf(JsonObject template)
    {
        var config = Resources(template).Where(r => r.Type == "Microsoft.Web/sites/config" && r.Name.Contains("'appsettings'")).ToArray();
        var settings = config.SelectMany(c => c.Properties).ToDictionary(p => p.Key, p => p.Value);
        // Settings written inline on the site (siteConfig.appSettings: [{ name, value }]) count too.
        foreach (var site in Resources(template).Where(r => r.Type == "Microsoft.Web/sites"))
        {
            if (site.Properties["siteConfig"]?["appSettings"] is JsonArray inline)
            {
                foreach (var setting in inline)
                {
                    settings[(string)setting!["name"]!] = setting["value"];
                }
            }
        }
        Assert.True(settings.Count > 0, "no app settings found on the function app");
        return settings;
    }

    private static IEnumerable<RoleAssignment> RoleAssignments(JsonObject template) =>
        Resources(template).Where(r => r.Type == "Microsoft.Authorization/roleAssignments").Select(r => new RoleAssignment(
            RoleGuid().Match(WithVariables(Literal(r.Properties["roleDefinitionId"]), r.Template)).Value,
            (string?)r.Node["scope"] ?? "",
            Literal(r.Properties["principalId"]),
            (string?)r.Properties["principalType"]));

    /// <summary>Replaces <c>variables('x')</c> with the variable's string value, so a role id kept in a variable is seen.</summary>
    private static string WithVariables(string expression, JsonObject template) =>
        VariableReference().Replace(expression, m =>
            template["variables"]?[m.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text) ? $"'{text}'" : m.Value);

    /// <summary>A value written as <c>[variables('x')]</c> is the variable's value.</summary>
    private static JsonNode? Resolved(JsonNode? node, JsonObject template) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && WholeVariable().Match(text) is { Success: true } m
            ? template["variables"]?[m.Groups[1].Value]
            : node;

    private static string ParameterNameIn(string expression) => ParameterReference().Match(expression) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"'{expression}' does not come from a parameter");

    private static string Literal(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => "",
        _ => node.ToJsonString(),
    };

    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>The functions a supplier (token only) or a visitor reaches without signing in.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "Home", "Health", "Gap", "GetQuestionnaire", "SaveAnswers", "UploadEvidence", "SubmitQuestionnaire",
        "SupplierQuestionnaire", "SupplierReceipt", "StaticAsset", "SignIn",
    ];

    [GeneratedRegex(@"\) : (Warning|Error) ")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    /// <summary>What a leaked secret tends to look like: a SendGrid key, an Entra client secret, a storage key or connection string.</summary>
    [GeneratedRegex(@"SG\.[\w-]{16,}|[\w~.-]{3}8Q~[\w~.-]{30,}|AccountKey=|[A-Za-z0-9+/]{80,}={0,2}")]
    private static partial Regex SecretLooking();
}
