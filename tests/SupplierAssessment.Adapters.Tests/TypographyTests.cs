namespace SupplierAssessment.Adapters.Tests;

/// <summary>French typography for the product's texts; English left exactly as written.</summary>
public class TypographyTests
{
    [Theory]
    [InlineData("Synthèse : 3 points", "Synthèse\u202F: 3 points", "the space before a colon becomes narrow and no-break")]
    [InlineData("Prêt ? Oui !", "Prêt\u202F? Oui\u202F!", "question and exclamation marks")]
    [InlineData("plus ; ce profil", "plus\u202F; ce profil", "semicolon")]
    [InlineData("« Hébergement »", "«\u202FHébergement\u202F»", "inside guillemets")]
    [InlineData("«Alpha»", "«\u202FAlpha\u202F»", "a missing space inside guillemets is added")]
    [InlineData("https://a.example/q/x?lang=fr à 10:30", "https://a.example/q/x?lang=fr à 10:30", "links and times are left alone")]
    [InlineData("Hosting &amp; Co &#39;x&#39; ici; ok", "Hosting &amp; Co &#39;x&#39; ici\u202F; ok", "an HTML entity's semicolon is not punctuation")]
    public void French_text_gets_narrow_no_break_spaces(string text, string expected, string reason)
    {
        Assert.True(expected == Typography.Punctuate(text, "fr"), reason);
        Assert.Equal(text, Typography.Punctuate(text, "en"));
    }

    [Fact]
    public void In_html_only_what_a_reader_sees_gets_the_spaces()
    {
        const string html = "<style>a{color:red; margin:0}</style><p title=\"Note: vu\" class=\"x\">Synthèse: 3 &amp; 4</p>";
        Assert.Equal("<style>a{color:red; margin:0}</style><p title=\"Note\u202F: vu\" class=\"x\">Synthèse\u202F: 3 &amp; 4</p>",
            Typography.PunctuateHtml(html, "fr"));
        Assert.Equal(html, Typography.PunctuateHtml(html, "en"));
    }

    [Theory]
    [InlineData("Alpha Hosting", "d'Alpha Hosting", "a vowel elides: the issue's \"Revue d'Alpha Hosting\"")]
    [InlineData("Éole Cloud", "d'Éole Cloud", "an accented vowel too")]
    [InlineData("Beta Hosting", "de Beta Hosting", "a consonant does not")]
    [InlineData("Hébergement Sud", "de Hébergement Sud", "nor an h, which the product cannot tell muet from aspiré")]
    public void French_de_is_elided_before_a_vowel(string name, string expected, string reason) =>
        Assert.True(expected == Typography.De(name), reason);

    [Fact]
    public void Dates_are_in_words_in_both_languages_and_numbers_take_the_reader_s_decimal_sign()
    {
        var at = new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal("30 novembre 2026", Typography.Date(at, "fr"));
        Assert.Equal("30 November 2026", Typography.Date(at, "en"));
        Assert.Equal("1er décembre 2026", Typography.Date(at.AddDays(1), "fr"));
        Assert.Equal("1 December 2026", Typography.Date(at.AddDays(1), "en"));
        Assert.Equal("12,5", Typography.Number(12.5, "fr"));
        Assert.Equal("12.5", Typography.Number(12.5, "en"));
    }

    [Fact]
    public void A_french_page_gets_narrow_spaces_in_its_text_but_not_in_its_markup_scripts_or_typed_answers()
    {
        const string page = "<p title=\"Aide : ici\">Profil : v1 ? &#xAB; Renforc&#xE9; &#xBB;</p>"
            + "<script>var a = b ? c : d;</script><textarea name=\"x\">typed : as is</textarea><a href=\"/x?y=1\">Lien</a>";
        var french = Typography.PunctuateHtml(page, "fr");
        Assert.Equal("<p title=\"Aide\u202F: ici\">Profil\u202F: v1\u202F? «\u202FRenforc&#xE9;\u202F»</p>"
            + "<script>var a = b ? c : d;</script><textarea name=\"x\">typed : as is</textarea><a href=\"/x?y=1\">Lien</a>", french);
        Assert.Equal(page, Typography.PunctuateHtml(page, "en"));
        Assert.Equal("<li><a href=\"#n\">Réseaux</a>\u202F: 2 questions</li><p><b>x</b>:y</p>",
            Typography.PunctuateHtml("<li><a href=\"#n\">Réseaux</a>: 2 questions</li><p><b>x</b>:y</p>", "fr"));
    }
}
