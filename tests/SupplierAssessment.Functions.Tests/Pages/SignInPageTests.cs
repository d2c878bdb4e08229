using Microsoft.Playwright;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>Signing in locally with a key, in a real browser.</summary>
public class SignInPageTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Wrong_key_is_told_on_the_form_and_the_right_one_opens_the_procurements()
    {
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/procurements");
        Assert.EndsWith("/signin?returnUrl=%2Fprocurements", page.Url);

        await page.GetByLabel("Your key").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Contains("This key is not known", await page.GetByRole(AriaRole.Alert).InnerTextAsync());

        await page.GetByLabel("Your key").FillAsync(PipelineApp.PmKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Chromium.LandsOnAsync(page, "/procurements");
        Assert.Equal("Your procurements", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
    }

    [Fact]
    public async Task Pages_send_a_content_security_policy_without_inline_script_and_speak_french()
    {
        var page = await chromium.NewPageAsync(app.BaseAddress);
        var response = await page.GotoAsync("/signin?lang=fr");
        var csp = response!.Headers["content-security-policy"];
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("Connexion", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task Sign_in_page_has_no_serious_accessibility_violation()
    {
        var page = await chromium.NewPageAsync(app.BaseAddress, bypassCsp: true);
        await page.GotoAsync("/signin");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
    }
}
