using System.Text.RegularExpressions;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ReportEmailTests
{
    private static ReportScenario Scenario => ReportScenario.Instance;
    private static readonly Lazy<ReportEmailContent> V1Email = new(() => ReportEmail.Render(Scenario.V1, Scenario.Catalog, ReportScenario.ReportLink));
    private static readonly Lazy<ReportEmailContent> V2Email = new(() => ReportEmail.Render(Scenario.V2, Scenario.Catalog, ReportScenario.ReportLink));

    [Fact]
    public void Subject_names_the_supplier_the_missing_points_at_the_active_alert_level_and_the_version()
    {
        Assert.Equal($"[SupplierAssessment] {ReportScenario.SupplierName}: {Scenario.V1.ActiveGap.MissingPoints} missing points at Normal (report v1)", V1Email.Value.Subject);
        Assert.Equal($"[SupplierAssessment] {ReportScenario.SupplierName}: {Scenario.V2.ActiveGap.MissingPoints} missing points at Normal (verified report v2)", V2Email.Value.Subject);
    }

    [Fact]
    public void Subject_stays_on_one_line_whatever_the_supplier_typed()
    {
        var report = Scenario.V1 with { SupplierName = "Evil\r\nBcc: everyone@example.org" };
        var email = ReportEmail.Render(report, Scenario.Catalog, ReportScenario.ReportLink);
        Assert.DoesNotContain('\r', email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
    }

    [Fact]
    public void Email_html_is_for_mail_clients_no_svg_no_stylesheet_and_a_prominent_link()
    {
        foreach (var email in new[] { V1Email.Value, V2Email.Value })
        {
            Assert.DoesNotContain("<svg", email.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", email.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("class=", email.Html);
            Assert.True(Html.Count(email.Html, $"<a href=\"{ReportScenario.ReportLink.AbsoluteUri}\"") >= 2);
            Assert.Contains("Open the full report", email.Html);
        }
    }

    [Fact]
    public void Email_summary_table_has_the_points_of_every_alert_level_per_actor_and_the_baseline_saving()
    {
        var report = Scenario.V1;
        var html = V1Email.Value.Html;
        foreach (var variant in report.Gap.Variants)
        {
            var name = report.Profile.AlertLevelNames[variant.AlertLevel].En;
            var row = Regex.Match(html, $"<tr[^>]*><td[^>]*>{Regex.Escape(name)}( \\(active\\))?</td>(.*?)</tr>");
            Assert.True(row.Success, $"no row for {name}");
            var numbers = Regex.Matches(row.Groups[2].Value, ">(\\d+)</td>").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal([variant.MissingPoints, variant.ExceedingPoints, .. Actors.All.Select(variant.MissingBy)], numbers);
            Assert.Equal(variant.AlertLevel == report.ActiveAlertLevel, row.Groups[1].Success);
        }
        Assert.Contains($"this profile saves {report.Baseline.SavedPoints} points.", html);
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Email_grid_is_264_coloured_cells_with_their_letters(string name)
    {
        var report = ReportScenario.Report(name);
        var html = ReportEmail.Render(report, Scenario.Catalog, ReportScenario.ReportLink).Html;
        Assert.Equal(Cell.Count, Regex.Matches(html, "<td align=\"center\" bgcolor=\"#[0-9a-f]{6}\" data-cell=").Count);
        foreach (var cell in Cell.All)
        {
            var td = Regex.Match(html, $"<td align=\"center\" bgcolor=\"(#[0-9a-f]{{6}})\" data-cell=\"{cell}\"[^>]*>([^<]*)</td>");
            Assert.True(td.Success, $"no grid cell {cell}");
            var covered = report.Ratings.IsCovered(cell);
            Assert.Equal(covered ? report.Ratings[cell].Letter.ToString() : "–", td.Groups[2].Value);
            Assert.Equal(covered ? LetterColour(report.Ratings[cell].Letter) : "#dcdcdc", td.Groups[1].Value);
        }
    }

    [Fact]
    public void Email_lists_the_first_ten_actions_in_plan_order()
    {
        var report = Scenario.V1;
        var listed = Regex.Matches(V1Email.Value.Html, "<tr data-cell=\"(PA\\d\\d/\\d\\.\\d)\">").Select(m => m.Groups[1].Value);
        Assert.Equal(report.ActionPlan.Items.Take(10).Select(i => i.Cell.ToString()), listed);
    }

    [Fact]
    public void Plain_text_has_the_same_numbers_and_the_link()
    {
        var report = Scenario.V2;
        var text = V2Email.Value.Text;
        Assert.Contains($"{report.ActiveGap.MissingPoints} missing points at alert level Normal", text);
        foreach (var actor in Actors.All)
        {
            Assert.Contains($"  {ActorLabel(actor)}: {report.ActiveGap.MissingBy(actor)}\n", text);
        }
        Assert.Contains($"Exceeding points: {report.ActiveGap.ExceedingPoints}", text);
        Assert.Contains($"this profile saves {report.Baseline.SavedPoints} points.", text);
        foreach (var variant in report.Gap.Variants)
        {
            Assert.Contains($"Missing points {variant.MissingPoints} (Declared: {report.DeclaredGap!.Variant(variant.AlertLevel).MissingPoints})", text);
        }
        Assert.Contains($"Open the full report: {ReportScenario.ReportLink.AbsoluteUri}", text);
        Assert.Contains(ReportScenario.SupplierName, text); // text/plain shows what was typed, unencoded
        Assert.DoesNotContain("&lt;", text);
    }

    [Fact]
    public void What_users_typed_is_encoded_in_the_email_html()
    {
        foreach (var email in new[] { V1Email.Value, V2Email.Value, ReportEmail.Render(Scenario.V2, Scenario.Catalog, ReportScenario.ReportLink, "fr") })
        {
            Html.HasNoRawMarkupFromUsers(email.Html);
            Assert.Contains("Hosting &amp; Co &lt;script&gt;alert(1)&lt;/script&gt;", email.Html);
        }
    }

    [Fact]
    public void French_email_uses_French_labels()
    {
        var email = ReportEmail.Render(Scenario.V2, Scenario.Catalog, ReportScenario.ReportLink, "fr");
        Assert.EndsWith("(rapport vérifié v2)", email.Subject);
        Assert.Contains("Ouvrir le rapport complet", email.Html);
        Assert.Contains("Points manquants", email.Html);
        Assert.Contains("Ouvrir le rapport complet\u202F: ", email.Text); // French typography: a narrow no-break space before the colon
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Email_stays_under_the_size_at_which_mail_clients_clip_it_and_the_link_comes_before_the_grid(string name)
    {
        foreach (var language in new[] { "en", "fr" })
        {
            var html = ReportEmail.Render(ReportScenario.Report(name), Scenario.Catalog, ReportScenario.ReportLink, language).Html;
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 100_000, $"{name} {language}: {html.Length} characters");
            Assert.True(html.IndexOf("<a href=", StringComparison.Ordinal) < html.IndexOf("data-cell=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Only_an_absolute_web_link_is_accepted()
    {
        Assert.Throws<ArgumentException>(() => ReportEmail.Render(Scenario.V1, Scenario.Catalog, new Uri("javascript:alert(1)")));
        Assert.Throws<ArgumentException>(() => ReportEmail.Render(Scenario.V1, Scenario.Catalog, new Uri("/reports/1", UriKind.Relative)));
    }

    private static string LetterColour(RatingLetter letter) => letter switch
    {
        RatingLetter.N => "#f4a3a3",
        RatingLetter.P => "#f8c27c",
        RatingLetter.L => "#c9e7a7",
        _ => "#6cbf5a",
    };

    private static string ActorLabel(Actor actor) => actor switch
    {
        Actor.Supplier => "Supplier",
        Actor.ProjectManager => "Project manager",
        _ => "Security expert",
    };
}
