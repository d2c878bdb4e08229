using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Tests;

public class RatingTests
{
    [Theory]
    [InlineData(0, RatingLetter.N, "nothing done")]
    [InlineData(15, RatingLetter.N, "15 % is still N")]
    [InlineData(15.01, RatingLetter.P, "just above 15 % is P")]
    [InlineData(50, RatingLetter.P, "50 % is still P")]
    [InlineData(50.01, RatingLetter.L, "just above 50 % is L")]
    [InlineData(85, RatingLetter.L, "85 % is still L")]
    [InlineData(85.01, RatingLetter.F, "just above 85 % is F")]
    [InlineData(100, RatingLetter.F, "fully achieved")]
    public void Percentage_reads_as_its_ISO_33020_letter(double percent, RatingLetter letter, string reason)
    {
        Assert.True(Rating.FromPercent(percent).Letter == letter, reason);
    }

    [Theory]
    [InlineData(50, false)]
    [InlineData(50.01, true)]
    [InlineData(85, true)]
    [InlineData(15.01, false)]
    public void Cell_is_achieved_only_above_50_percent(double percent, bool achieved)
    {
        Assert.Equal(achieved, Rating.FromPercent(percent).IsAchieved);
    }

    [Theory]
    [InlineData("N", RatingLetter.N, false)]
    [InlineData("P", RatingLetter.P, false)]
    [InlineData("L", RatingLetter.L, true)]
    [InlineData("F", RatingLetter.F, true)]
    [InlineData("l", RatingLetter.L, true)]
    public void Letter_reads_back_as_the_same_letter(string text, RatingLetter letter, bool achieved)
    {
        Assert.True(Rating.TryParse(text, out var rating));
        Assert.Equal(letter, rating.Letter);
        Assert.Equal(achieved, rating.IsAchieved);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100.5")]
    [InlineData("X")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Rating_outside_0_to_100_or_not_NPLF_is_refused(string text)
    {
        Assert.False(Rating.TryParse(text, out _));
    }

    [Fact]
    public void Percentage_outside_0_to_100_cannot_be_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rating.FromPercent(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rating.FromPercent(-0.1));
    }

    // DESIGN §2.2 rule 1: the number shown next to a letter reads as that letter (issue #12 item 6: 50.04 % was "L (50 %)").
    [Theory]
    [InlineData(0, "N (0 %)", "nothing done")]
    [InlineData(15, "N (15 %)", "15 % is still N")]
    [InlineData(15.04, "P (15.04 %)", "just above 15 is P: \"15\" would read N")]
    [InlineData(15.4, "P (15.4 %)", "one decimal is enough to stay above 15")]
    [InlineData(15.5, "P (16 %)", "rounds up into the band: a whole number")]
    [InlineData(14.6, "N (15 %)", "rounding up to 15 stays N")]
    [InlineData(50, "P (50 %)", "50 % is still P")]
    [InlineData(50.04, "L (50.04 %)", "the issue's example: \"50\" next to L contradicts it")]
    [InlineData(50.4, "L (50.4 %)", "one decimal is enough to stay above 50")]
    [InlineData(50.5, "L (51 %)", "rounds up into the band: a whole number")]
    [InlineData(49.96, "P (50 %)", "rounding up to 50 stays P")]
    [InlineData(50.001, "L (50.01 %)", "within 0.005 of 50: rounded up to two decimals, into L")]
    [InlineData(85, "L (85 %)", "85 % is still L")]
    [InlineData(85.04, "F (85.04 %)", "just above 85 is F: \"85\" would read L")]
    [InlineData(85.5, "F (86 %)", "a whole number above 85")]
    [InlineData(99.96, "F (100 %)", "rounding up to 100 stays F")]
    [InlineData(100, "F (100 %)", "fully achieved")]
    [InlineData(72.25, "L (72 %)", "inside a band: a whole number")]
    public void Shown_percentage_never_contradicts_its_letter(double percent, string shown, string reason)
    {
        var rating = Rating.FromPercent(percent);
        Assert.True(shown == rating.ToString(), $"{reason}: expected {shown}, got {rating}");
        Assert.True(Rating.TryParse(rating.ShownPercent, out var readBack), reason);
        Assert.Equal(rating.Letter, readBack.Letter);
    }

    [Fact]
    public void Every_shown_percentage_from_0_to_100_reads_as_its_letter()
    {
        // Every step of 0.001 % and the values just above each band's lower bound, where rounding would cross it.
        var percents = Enumerable.Range(0, 100_001).Select(i => i / 1000.0)
            .Concat(new[] { 15, 50, 85 }.SelectMany(b => new[] { Math.BitIncrement((double)b), b + 1e-9, b + 0.0049, b + 0.005 }));
        foreach (var percent in percents)
        {
            var rating = Rating.FromPercent(percent);
            Assert.True(Rating.TryParse(rating.ShownPercent, out var shown) && shown.Letter == rating.Letter,
                $"{percent} % is {rating.Letter} but is shown as {rating.ShownPercent} %");
            Assert.True(Math.Abs(shown.Percent - percent) <= 0.5, $"{percent} % is shown as {rating.ShownPercent} %, too far from it");
        }
    }

    // Issue #12 item 7: a letter and a percentage given together must agree.
    [Theory]
    [InlineData("95", RatingLetter.N, false, "the issue's example: 95 % is F, not N")]
    [InlineData("95", RatingLetter.F, true, "95 % is F")]
    [InlineData("50", RatingLetter.P, true, "50 % is still P")]
    [InlineData("50.04", RatingLetter.P, false, "just above 50 is L")]
    [InlineData("15", RatingLetter.N, true, "15 % is still N")]
    [InlineData("85.01", RatingLetter.L, false, "just above 85 is F")]
    public void Letter_and_percentage_agree_only_when_the_percentage_reads_as_the_letter(string percent, RatingLetter letter, bool agree, string reason)
    {
        Assert.True(Rating.TryParse(percent, out var rating));
        Assert.True(agree == rating.ReadsAs(letter), reason);
    }
}
