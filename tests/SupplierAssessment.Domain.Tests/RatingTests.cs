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
}
