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
    [InlineData("Cafe\u0301 Hosting", true, "a combining accent on its letter")]
    [InlineData("\u200B", false, "only a zero-width space (a fresh-user trial: a link with no visible text)")]
    [InlineData("\u3164", false, "only a Hangul filler: a letter that draws nothing")]
    [InlineData("\u2800 \u2800", false, "only blank braille and a space")]
    [InlineData("\u00AD", false, "only a soft hyphen")]
    [InlineData("Alpha\u2060Hosting", false, "a word joiner: invisible")]
    [InlineData("Alpha\u180EHosting", false, "Mongolian vowel separator: invisible")]
    [InlineData("Alpha\uFFF9Hosting", false, "interlinear annotation anchor")]
    [InlineData("Alpha\uFFFF", false, "a noncharacter")]
    [InlineData("Alpha\uFDD0", false, "a noncharacter")]
    [InlineData("\U000E0041\U000E0042", false, "tag characters")]
    [InlineData("\u0301", false, "a combining mark with nothing to sit on")]
    [InlineData("Acme \u3164 Ltd", false, "a Hangul filler inside a name looks like two spaces (a third trial)")]
    [InlineData("Acme\u034FLtd", false, "the combining grapheme joiner: default-ignorable")]
    [InlineData("Acme\u17B4Ltd", false, "a Khmer inherent vowel: default-ignorable")]
    [InlineData("Acme \U0001F600\uFE0F Ltd", true, "the emoji variation selector stays")]
    public void A_name_is_showable_unless_it_holds_a_control_invisible_or_direction_character_or_nothing_visible(string name, bool showable, string reason)
    {
        Assert.True(Names.IsShowable(name) == showable, reason);
    }

    [Fact]
    public void A_lone_surrogate_is_refused() // built here: test data would reach the test with it replaced by U+FFFD
    {
        Assert.False(Names.IsShowable("Alpha" + (char)0xD800 + "Hosting"));
        Assert.True(Names.IsShowable("Alpha 😀"));
    }

    [Fact]
    public void A_profile_name_with_a_line_break_is_refused_with_the_message_in_both_languages()
    {
        var government = ShippedData.Profile("government-web-hosting");
        var derivation = Profiles.CustomProfiles.Derive(government, Profiles.ProfileDraft.Of(government, "en", "web-hosting-strict", "Hosting\nprofile"), []);
        Assert.Null(derivation.Profile);
        Assert.Equal(Names.HiddenCharacters, derivation.Errors[Profiles.ProfileDraft.NameField]);
    }

    [Theory]
    [InlineData("why\u2028so")]
    [InlineData("why\u202Eos")]
    [InlineData("\uFEFF")]
    public void A_profile_rationale_is_one_line_by_the_same_rule_as_names(string rationale)
    {
        var government = ShippedData.Profile("government-web-hosting");
        var pa = Grid.ProcessAreaId.All[0];
        var draft = Profiles.ProfileDraft.Of(government, "en", "web-hosting-strict", "Strict hosting").WithRationale(pa, rationale);
        var derivation = Profiles.CustomProfiles.Derive(government, draft, []);
        Assert.Null(derivation.Profile);
        Assert.True(derivation.Errors.ContainsKey(Profiles.ProfileDraft.RationaleField(pa)), "a fresh-user trial saved these");
    }
}
