using Microsoft.AspNetCore.Http;
using SupplierAssessment.Functions.Pages;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>Issue 11 follow-up: a count on a page takes the number its page's language gives it.</summary>
public class PageCountsTests
{
    [Theory]
    [InlineData("en", 0, "0 missing points", "English: none is plural")]
    [InlineData("en", 1, "1 missing point", "one is singular")]
    [InlineData("en", 3, "3 missing points", "more than one is plural")]
    [InlineData("fr", 0, "0 point manquant", "French: none is singular")]
    [InlineData("fr", 1, "1 point manquant", "one is singular")]
    [InlineData("fr", 2, "2 points manquants", "two and more are plural")]
    public void A_count_on_a_page_takes_its_language_s_number(string language, int count, string expected, string reason)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString("?lang=" + language);
        Assert.True(expected == PageTexts.Count(http, count, "missing point", "missing points", "point manquant", "points manquants"), reason);
    }
}
