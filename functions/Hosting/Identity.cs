using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>The roles of the people who sign in (suppliers never sign in: their link is their key).</summary>
public static class Roles
{
    public const string ProjectManager = "projectManager";
    public const string Expert = "expert";
    public const string Admin = "admin";
}

/// <summary>A locally configured user: <c>Identity:Users:n:{Id,Key,Roles}</c>.</summary>
public sealed class LocalUser
{
    public string Id { get; set; } = "";
    public string Key { get; set; } = "";
    public string[] Roles { get; set; } = [];
}

/// <summary>Section "Identity". Mode "AppService" trusts the platform's principal headers (only behind App Service Authentication); "Keys" reads a bearer key.</summary>
public sealed class IdentityOptions : AuthenticationSchemeOptions
{
    public string Mode { get; set; } = "Keys";
    public List<LocalUser> Users { get; set; } = [];
}

/// <summary>
/// Who is calling. In Azure, App Service Authentication puts the signed-in principal in <c>X-MS-CLIENT-PRINCIPAL</c>
/// (base64 JSON with claims) and <c>X-MS-CLIENT-PRINCIPAL-NAME</c>; locally a configured key comes as
/// <c>Authorization: Bearer {key}</c>.
/// </summary>
public sealed class IdentityHandler(IOptionsMonitor<IdentityOptions> options, ILoggerFactory logger, UrlEncoder encoder, SignInSessions sessions)
    : AuthenticationHandler<IdentityOptions>(options, logger, encoder)
{
    public const string SchemeName = "SupplierAssessment";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = Options.Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase) ? FromPrincipalHeaders() : FromKey();
        return Task.FromResult(identity is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>
    /// Pages send the browser to sign in — a page's GET, and a browser's form post after its session ended (303, so that
    /// the browser asks for the sign-in page, never problem+json: issue 12); the API and other callers get 401 problem+json.
    /// </summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Request.Path.StartsWithSegments("/api") && (HttpMethods.IsGet(Request.Method) || Pages.ErrorPages.ForBrowser(Context)))
        {
            var signIn = Options.Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase)
                ? "/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(Request.Path + Request.QueryString)
                : "/signin?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString);
            Response.StatusCode = HttpMethods.IsGet(Request.Method) ? StatusCodes.Status302Found : StatusCodes.Status303SeeOther;
            Response.Headers.Location = signIn;
            return Task.CompletedTask;
        }
        // A key was sent and nobody holds it: say so, rather than "sign in first" as to a caller who sent none (a fresh-user
        // trial). It tells a guesser nothing a 401 did not: that this key is wrong.
        return Problem(StatusCodes.Status401Unauthorized, BearerKey(Request) is { Length: > 0 } && !Options.Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase)
            ? "This key is not known: check the key you send as 'Authorization: Bearer <key>'."
            : Request.Path.StartsWithSegments("/api") && Request.Cookies.ContainsKey(KeyCookie)
            ? "Sign in first: send your key as 'Authorization: Bearer <key>'. The sign-in cookie of the pages is not accepted for API calls that change something."
            : "Sign in first: send your key as 'Authorization: Bearer <key>'.");
    }

    /// <summary>A browser on a page gets the 403 page in the site's layout; the API and other callers 403 problem+json.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Pages.ErrorPages.ForBrowser(Context)
        ? Pages.ErrorPages.WriteAsync(Context, Pages.ErrorPages.Forbidden(Context))
        : Problem(StatusCodes.Status403Forbidden, "Your role does not allow this.");

    private Task Problem(int status, string title)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title).ExecuteAsync(Context);
    }

    /// <summary>
    /// The cookie the local sign-in page sets (Keys mode only): HttpOnly, SameSite=Strict, holding a session ticket
    /// (<see cref="SignInSessions"/>), never the key.
    /// </summary>
    public const string KeyCookie = "sa.session";

    private ClaimsIdentity? FromKey()
    {
        if (BearerKey(Request) is { Length: > 0 } key)
        {
            return UserFor(Options, key);
        }
        return SessionTicket(Request) is { Length: > 0 } ticket && sessions.UserOf(ticket) is { } userId
            && Options.Users.FirstOrDefault(u => u.Id == userId) is { } user ? Identity(user.Id, user.Roles) : null;
    }

    /// <summary>The key an <c>Authorization: Bearer</c> header presents, or null.</summary>
    public static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>
    /// The sign-in cookie's session ticket — but never for a call to the API that changes something (any method but
    /// GET and HEAD under <c>/api</c>): a page of another site, or of another port of this host (same site for the
    /// browser), could make the browser send it (CSRF, issue 13). Pages keep the cookie (their forms carry an
    /// anti-forgery token), and so do the API's downloads that pages link to.
    /// </summary>
    public static string? SessionTicket(HttpRequest request)
    {
        var cookieAllowed = !request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        return cookieAllowed ? request.Cookies[KeyCookie] : null;
    }

    /// <summary>The configured local user holding this key, compared in constant time; null when none does.</summary>
    public static ClaimsIdentity? UserFor(IdentityOptions options, string key)
    {
        var user = options.Users.FirstOrDefault(u => u.Key.Length > 0 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(u.Key), Encoding.UTF8.GetBytes(key)));
        return user is null ? null : Identity(user.Id, user.Roles);
    }

    private ClaimsIdentity? FromPrincipalHeaders()
    {
        var encoded = Request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        var name = Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString();
        if (encoded.Length == 0)
        {
            return null;
        }
        try
        {
            using var principal = JsonDocument.Parse(Convert.FromBase64String(encoded));
            var roleType = principal.RootElement.TryGetProperty("role_typ", out var rt) ? rt.GetString() : ClaimTypes.Role;
            var claims = principal.RootElement.TryGetProperty("claims", out var c) ? c.EnumerateArray().ToArray() : [];
            var roles = claims.Where(cl => cl.GetProperty("typ").GetString() is { } typ && (typ == roleType || typ == "roles"))
                .Select(cl => cl.GetProperty("val").GetString()!).ToArray();
            return name.Length == 0 ? null : Identity(name, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static ClaimsIdentity Identity(string id, IEnumerable<string> roles) =>
        new([new Claim(ClaimTypes.NameIdentifier, id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], SchemeName);
}

public static class IdentityRegistration
{
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityHandler.SchemeName)
            .AddScheme<IdentityOptions, IdentityHandler>(IdentityHandler.SchemeName, o => builder.Configuration.GetSection("Identity").Bind(o));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.ProjectManager, p => p.RequireRole(Roles.ProjectManager))
            .AddPolicy(Roles.Expert, p => p.RequireRole(Roles.Expert))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        builder.Services.AddOptions<KeyGuardOptions>().BindConfiguration("Security");
        builder.Services.AddSingleton<KeyGuard>();
        // One key ring for every instance, in blob storage: sessions and kept supplier links open on any of them.
        Microsoft.AspNetCore.DataProtection.DataProtectionBuilderExtensions.SetApplicationName(builder.Services.AddDataProtection(), "SupplierAssessment");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<SupplierAssessment.Adapters.Storage.StorageAccount, TimeProvider>((o, account, time) =>
                o.XmlRepository = new SupplierAssessment.Adapters.Storage.BlobKeyRing(account.DataProtectionKeys, time));
        // Data Protection warms its key ring up at start; from blob storage that would hold the worker's start while storage
        // is unreachable. The ring is read on first use instead, so health, the API description and the 404s answer
        // whatever the state of storage (as StorageStartup creates tables in the background).
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService") is { } warmUp)
        {
            builder.Services.Remove(warmUp);
        }
        builder.Services.AddSingleton<KeptLinks>();
        builder.Services.AddSingleton<SignInSessions>();
        return builder;
    }

    /// <summary>
    /// Where a signed-in user starts (issue #9): a project manager their procurements, an expert "my reviews", an
    /// administrator the templates and profiles; "/" for anyone else. A user with several roles starts at the first.
    /// </summary>
    public static string HomeOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.ProjectManager) ? "/procurements"
        : user.IsInRole(Roles.Expert) ? "/reviews"
        : user.IsInRole(Roles.Admin) ? "/manage"
        : "/";

    /// <summary>The signed-in user's id.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");
}
