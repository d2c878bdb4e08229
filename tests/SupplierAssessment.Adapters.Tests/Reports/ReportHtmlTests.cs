using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ReportHtmlTests
{
    private static ReportScenario Scenario => ReportScenario.Instance;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pages = new();

    private static string Page(string name) => Pages.GetOrAdd(name, n => ReportHtml.Render(ReportScenario.Report(n), Scenario.Catalog));

    private static string GridSvg(string html) => Html.Between(html, "<svg class=\"grid-svg\"", "</svg>");

    private static string CellGroup(string svg, Cell cell) => Html.Between(svg, $"<g class=\"cell\" data-cell=\"{cell}\"", "</g>");

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Grid_is_one_accessible_svg_of_264_cells_with_the_same_grid_as_a_table(string name)
    {
        var svg = GridSvg(Page(name));
        Assert.Equal(Cell.Count, Html.Count(svg, "<g class=\"cell\""));
        Assert.Contains("role=\"img\"", svg);
        Assert.Matches("aria-label=\"[^\"]{20,}\"", svg);
        var table = Html.Between(Page(name), "<table class=\"grid\"", "</table>");
        Assert.Equal(Cell.Count, Html.Count(table, "<td "));
        Assert.All(ProcessAreaId.All, pa => Assert.Contains($">{pa.Id}</", svg));
        Assert.All(CommonFeature.All, cf => Assert.Contains($">{cf.Id}</", svg));
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Every_grid_cell_shows_its_rating_letter_and_colour_or_is_hatched_when_not_covered(string name)
    {
        var report = ReportScenario.Report(name);
        var svg = GridSvg(Page(name));
        foreach (var cell in Cell.All)
        {
            var group = CellGroup(svg, cell);
            if (report.Ratings.IsCovered(cell))
            {
                var letter = report.Ratings[cell].Letter;
                Assert.Contains($"data-letter=\"{letter}\"", group);
                Assert.Matches($">{letter}</text>", group);
                Assert.Contains(FillOf(letter), group);
            }
            else
            {
                Assert.Contains("fill=\"url(#grid-hatch)\"", group);
                Assert.Contains("not covered</title>", group);
                Assert.DoesNotContain("<text", group);
            }
        }
    }

    [Fact]
    public void A_cell_the_expert_rated_F_is_green_with_an_F_and_says_what_was_declared()
    {
        var group = CellGroup(GridSvg(Page("verified")), Scenario.Raised);
        Assert.Contains("fill=\"#6cbf5a\"", group);
        Assert.Contains(">F</text>", group);
        var declared = Scenario.V1.Ratings[Scenario.Raised];
        Assert.Contains($"F (100 %), declared {declared.Letter}", group);
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void The_target_at_the_active_alert_level_is_outlined_on_each_process_area_that_has_one(string name)
    {
        var report = ReportScenario.Report(name);
        var svg = GridSvg(Page(name));
        var drawn = Regex.Matches(svg, "<rect class=\"target\" data-pa=\"(PA\\d\\d)\" data-target=\"(\\d)\"")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var expected = ProcessAreaId.All.Where(pa => report.Profile.Target(report.ActiveAlertLevel, pa) > 0)
            .ToDictionary(pa => pa.Id, pa => report.Profile.Target(report.ActiveAlertLevel, pa));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(e => e.Key), drawn.OrderBy(d => d.Key));
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Summary_points_are_the_gap_at_the_active_alert_level_split_per_actor(string name)
    {
        var report = ReportScenario.Report(name);
        var summary = Html.Between(Page(name), "<section id=\"summary\"", "</section>");
        Assert.Equal(report.ActiveGap.MissingPoints, Html.Metric(summary, "missing"));
        Assert.Equal(report.ActiveGap.ExceedingPoints, Html.Metric(summary, "exceeding"));
        foreach (var actor in Actors.All)
        {
            Assert.Equal(report.ActiveGap.MissingBy(actor), Html.Metric(summary, actor.ToId()));
        }
        Assert.Contains($"Uniform level 3 would require {report.Baseline.Uniform.MissingPoints} more points; "
            + $"this profile saves {report.Baseline.SavedPoints} points.", summary);
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Points_table_has_one_row_per_alert_level_with_the_active_one_marked(string name)
    {
        var report = ReportScenario.Report(name);
        var table = Html.Between(Page(name), "<table class=\"points\"", "</table>");
        var rows = Regex.Matches(table, "<tr[^>]*data-alert-level=\"([^\"]+)\">(.*?)</tr>");
        Assert.Equal(report.Profile.AlertLevels, rows.Select(r => r.Groups[1].Value));
        foreach (var (row, variant) in rows.Zip(report.Gap.Variants))
        {
            var numbers = Regex.Matches(row.Groups[2].Value, "<td class=\"num\">(\\d+)</td>").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal([variant.MissingPoints, variant.ExceedingPoints, .. Actors.All.Select(variant.MissingBy)], numbers);
            Assert.Equal(variant.AlertLevel == report.ActiveAlertLevel, row.Value.Contains("class=\"active\"", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Action_plan_has_a_section_per_actor_whose_total_is_that_actors_missing_points(string name)
    {
        var report = ReportScenario.Report(name);
        var plan = Html.Between(Page(name), "<section id=\"action-plan\"", "</section>\n</section>");
        foreach (var actor in Actors.All)
        {
            var section = Html.Between(plan, $"<section class=\"actor-plan\" data-actor=\"{actor.ToId()}\"", "</section>");
            Assert.Contains($"data-total=\"{actor.ToId()}\">{report.ActiveGap.MissingBy(actor)}<", section);
            Assert.Equal(report.ActiveGap.MissingBy(actor), Html.Count(section, "<li class=\"action"));
        }
        var first = report.ActionPlan.Items[0];
        var item = Html.Between(plan, $"data-cell=\"{first.Cell}\">", "</li>\n");
        Assert.Contains(Html.Encode(first.ProcessArea.Name.En), item);
        Assert.Contains(Html.Encode(first.CommonFeature.Name.En), item);
        Assert.All(first.GenericPractices, gp => Assert.Contains(Html.Encode(gp.Id + " " + gp.Name.En), item));
        Assert.Equal(first.BasePractices.Count > 0, item.Contains("<details>", StringComparison.Ordinal));
        Assert.Equal(first.ClosesLevel, item.Contains($"closes level {first.Level}", StringComparison.Ordinal));
    }

    [Fact]
    public void Action_on_a_cell_no_answer_covered_says_not_covered()
    {
        var report = ReportScenario.PartlyCovered;
        var item = report.ActionPlan.Items.First(i => !i.Covered);
        var line = Regex.Match(Page("partly covered"), $"<li class=\"action[^\"]*\" data-cell=\"{item.Cell}\">[^\\n]*").Value;
        Assert.Contains("current rating: <span class=\"letter nc\">–</span> not covered", line);
    }

    [Fact]
    public void Checklist_lists_every_cell_no_answer_covered_under_its_process_area()
    {
        var report = ReportScenario.PartlyCovered;
        Assert.Equal(ReportScenario.Uncovered.Length * CommonFeature.Count, report.NotCovered.Count);
        var checklist = Html.Between(Page("partly covered"), "<section id=\"checklist\"", "</section>");
        Assert.Equal(ReportScenario.Uncovered.Select(pa => pa.Id), Regex.Matches(checklist, "<div class=\"pa-group\" data-pa=\"(PA\\d\\d)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(report.NotCovered.Count, Html.Count(checklist, "<li data-cell="));
        foreach (var cell in report.NotCovered)
        {
            var group = Html.Between(checklist, $"<div class=\"pa-group\" data-pa=\"{cell.ProcessArea.Id}\"", "</div>");
            Assert.Contains($"data-cell=\"{cell}\"", group);
        }
        Assert.Contains("Every cell is covered by an answer.", Html.Between(Page("declared"), "<section id=\"checklist\"", "</section>"));
    }

    [Fact]
    public void Page_is_self_contained_without_any_script_and_its_only_stylesheet_matches_the_policy_hash()
    {
        foreach (var html in new[] { Page("declared"), Page("verified") })
        {
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("\\s(src|href|action|srcset)=", Html.TagsWithoutAttributeValues(html));
            Assert.DoesNotContain("@import", html);
            Assert.Equal(1, Html.Count(html, "<style>"));
            Assert.Contains("@media print", html);
            Assert.Contains("@page", html);
            var css = Html.Between(html, "<style>", "</style>")["<style>".Length..^"</style>".Length];
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));
            Assert.Contains($"style-src 'sha256-{hash}'", ReportHtml.ContentSecurityPolicy);
            Assert.Contains("default-src 'none'", ReportHtml.ContentSecurityPolicy);
        }
    }

    [Fact]
    public void What_users_typed_is_encoded_everywhere_in_the_page()
    {
        foreach (var html in new[] { Page("declared"), Page("verified"), ReportHtml.Render(Scenario.V2, Scenario.Catalog, "fr") })
        {
            Html.HasNoRawMarkupFromUsers(html);
            Assert.Contains("Hosting &amp; Co &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html);
            Assert.Contains("Ministry web sites 2025 &quot;&gt;&lt;img", html);
        }
        Assert.Contains("Seen on site: resource plan signed. &lt;script&gt;", Page("verified"));
        Assert.Contains("expert-7&quot;&gt;&lt;img", Page("verified"));
    }

    [Fact]
    public void Declared_report_says_so_and_has_no_declared_vs_verified_section()
    {
        Assert.Contains("Declared by the supplier", Page("declared"));
        Assert.DoesNotContain("Verified by the security expert", Page("declared"));
        Assert.DoesNotContain("id=\"declared-vs-verified\"", Page("declared"));
        Assert.Contains("Report version 1", Page("declared"));
        Assert.Contains("2025-03-14", Page("declared"));
        Assert.Contains(Scenario.V1.TemplateKey, Page("declared"));
        Assert.Contains("Government web hosting, version 1", Page("declared"));
    }

    [Fact]
    public void Verified_report_shows_each_correction_with_the_declared_and_verified_ratings_side_by_side()
    {
        var html = Page("verified");
        Assert.Contains("Verified by the security expert", html);
        Assert.Contains("Report version 2", html);
        var section = Html.Between(html, "<section id=\"declared-vs-verified\"", "</section>");
        var declared = Scenario.V1.Ratings[Scenario.Raised];
        var row = Html.Between(section, $"<tr data-cell=\"{Scenario.Raised}\"", "</tr>");
        Assert.Matches($"<td class=\"declared\"><span class=\"letter r-{declared.Letter}\">{declared.Letter}</span>", row);
        Assert.Contains("<td class=\"verified\"><span class=\"letter r-F\">F</span> 100 %</td>", row);
        Assert.Contains("2025-04-02", row);
        var lowered = Html.Between(section, $"<tr data-cell=\"{Scenario.Lowered}\"", "</tr>");
        Assert.Contains("<td class=\"verified\"><span class=\"letter r-P\">P</span> 30 %</td>", lowered);
        Assert.Equal(3, Html.Count(section, "<tr data-cell="));
        foreach (var verified in Scenario.V2.Gap.Variants)
        {
            var levelRow = Html.Between(section, $"data-alert-level=\"{verified.AlertLevel}\">", "</tr>");
            var expected = Scenario.V2.DeclaredGap!.Variant(verified.AlertLevel).MissingPoints;
            Assert.Contains($"<td class=\"num declared\">{expected}</td><td class=\"num verified\">{verified.MissingPoints}</td>", levelRow);
            Assert.Equal(Scenario.V1.Gap.Variant(verified.AlertLevel).MissingPoints, expected);
        }
    }

    [Fact]
    public void French_report_uses_French_labels_and_catalog_names()
    {
        var html = ReportHtml.Render(Scenario.V2, Scenario.Catalog, "fr");
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Synthèse", html);
        Assert.Contains("Points manquants", html);
        Assert.Contains("Vérifié par l&#x27;expert sécurité", html);
        Assert.Contains("Liste de contrôle pour la visite sur site", html);
        Assert.Contains(Html.Encode(Scenario.Catalog[ProcessAreaId.Parse("PA01")].Name.Fr), html);
        Assert.DoesNotContain("Declared by the supplier", html);
        Assert.DoesNotContain("Summary", html);
    }

    private static string FillOf(RatingLetter letter) => "fill=\"" + letter switch
    {
        RatingLetter.N => "#f4a3a3",
        RatingLetter.P => "#f8c27c",
        RatingLetter.L => "#c9e7a7",
        _ => "#6cbf5a",
    } + "\"";
}
