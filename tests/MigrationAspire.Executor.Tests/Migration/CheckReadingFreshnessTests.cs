using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class CheckReadingFreshnessTests
{
    private static readonly DateTimeOffset Ended = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);
    private static readonly CheckReading Kept = new(new DirtyRateReading(2048, 256), "exp-1-0003", Ended);

    [Fact]
    public void A_reading_stands_for_the_next_run_up_to_its_limit_and_not_after()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(300), Kept.FreshAt(Ended + TimeSpan.FromMilliseconds(300)));
        Assert.Equal(CheckReading.KeptFor, Kept.FreshAt(Ended + CheckReading.KeptFor));
        Assert.Null(Kept.FreshAt(Ended + CheckReading.KeptFor + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void A_clock_behind_the_reading_gives_age_zero_not_a_negative_age()
    {
        Assert.Equal(TimeSpan.Zero, Kept.FreshAt(Ended - TimeSpan.FromMilliseconds(5)));
    }

    [Fact]
    public void Its_note_names_the_host_the_run_it_was_taken_after_and_its_age()
    {
        Assert.Equal("the dirty rate was read on host b while it checked the guest after run exp-1-0003, 250 ms before this run's probe was due",
            Kept.Note("b", TimeSpan.FromMilliseconds(250)));
    }
}
