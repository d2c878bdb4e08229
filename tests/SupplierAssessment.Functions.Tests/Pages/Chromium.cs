using System.Text.Json;
using Microsoft.Playwright;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Headless Debian chromium (/usr/bin/chromium, installed by scripts/setup.sh --browser) driven by Playwright,
/// with no outside lookups and no background networking. One browser per test class; a fresh context per page.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/setup.sh --browser (the test command does).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
            ],
        });
    }

    /// <summary>
    /// A new page in a fresh context (its own cookies). <paramref name="bypassCsp"/> only for injecting axe-core;
    /// <paramref name="javaScript"/> false shows what the forms do on their own.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool bypassCsp = false, string locale = "en-GB", bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), BypassCSP = bypassCsp, Locale = locale, JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>A new page (as <see cref="NewPageAsync"/>) signed in with <paramref name="key"/> and showing <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInAsync(Uri baseAddress, string key, string path, bool bypassCsp = false, bool javaScript = true)
    {
        var page = await NewPageAsync(baseAddress, bypassCsp, javaScript: javaScript);
        await SignInAsync(page, key, path);
        return page;
    }

    /// <summary>Opens <paramref name="path"/>, is sent to sign in, signs in with <paramref name="key"/> and lands back on it.</summary>
    public static async Task SignInAsync(IPage page, string key, string path)
    {
        await page.GotoAsync(path);
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await LandsOnAsync(page, path);
    }

    /// <summary>
    /// Waits until the page is at <paramref name="pathAndQuery"/> after signing in, 30 s at most (the suite's busiest
    /// moment starts many apps at once); else fails saying where the browser is and what it shows, not only that it timed out.
    /// </summary>
    public static async Task LandsOnAsync(IPage page, string pathAndQuery)
    {
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == pathAndQuery, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            Assert.Fail($"Signed in, the browser was still at {page.Url}, not {pathAndQuery}, after 30 s, showing: {shown[..Math.Min(shown.Length, 600)]}");
        }
    }

    /// <summary>Runs axe-core (from node_modules) on the page; returns the serious and critical violations as "id: help (n nodes)".</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(AzuriteServer.RepoRoot(), "node_modules", "axe-core", "axe.min.js") });
        var json = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))");
        return json.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({v.GetProperty("nodes").GetInt32()} nodes)")
            .ToArray();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
