using SupplierAssessment.Domain;

namespace SupplierAssessment.Domain.Tests;

public class NamesTests
{
    [Theory]
    [InlineData("Alpha Hosting", true, "plain ASCII")]
    [InlineData("Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ", true, "Greek, French punctuation and Polish letters are letters")]
    [InlineData("東京ホスティング", true, "CJK")]
    [InlineData("مؤسسة الاستضافة", true, "Arabic letters are fine: only the invisible direction controls are refused")]
    [InlineData("Alpha\r\nBcc: x@example.org", false, "CR/LF would reach a mail header")]
    [InlineData("Alpha\tHosting", false, "a tab is a C0 control")]
    [InlineData("Alpha\u007FHosting", false, "DEL")]
    [InlineData("Alpha\u0085Hosting", false, "C1 next line")]
    [InlineData("report\u202Efdp.exe", false, "right-to-left override: shows as report.exe…")]
    [InlineData("\u2066Alpha\u2069", false, "left-to-right isolate")]
    [InlineData("Alpha\u200E", false, "left-to-right mark")]
    [InlineData("Alpha\u061C", false, "Arabic letter mark")]
    [InlineData("Alpha\u2028Hosting", false, "Unicode line separator: a line break too (a fresh-user trial)")]
    [InlineData("Alpha\u2029Hosting", false, "Unicode paragraph separator")]
    [InlineData("\uFEFFAlpha", false, "byte order mark: invisible")]
    [InlineData("می\u200Cخواهم", true, "the zero-width non-joiner Persian needs")]
    [InlineData("👩\u200D💻 Hosting", true, "the zero-width joiner of an emoji sequence")]
    public void A_name_is_showable_unless_it_holds_a_control_or_a_direction_character(string name, bool showable, string reason)
    {
        Assert.True(Names.IsShowable(name) == showable, reason);
    }

    [Fact]
    public void A_profile_name_with_a_line_break_is_refused_with_the_message_in_both_languages()
    {
        var government = ShippedData.Profile("government-web-hosting");
        var derivation = Profiles.CustomProfiles.Derive(government, Profiles.ProfileDraft.Of(government, "en", "web-hosting-strict", "Hosting\nprofile"), []);
        Assert.Null(derivation.Profile);
        Assert.Equal(Names.HiddenCharacters, derivation.Errors[Profiles.ProfileDraft.NameField]);
    }
}
