using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class DirtyRateProbeTests
{
    [Fact]
    public void Reading_whole_mi_b_per_second_is_pages_per_second_with_its_resolution()
    {
        Assert.Equal(new DirtyRateReading(7 * 256, 256), DirtyRateProbe.Reading(7));
    }

    [Fact]
    public void Reading_zero_mi_b_per_second_is_below_the_resolution_not_zero()
    {
        var reading = DirtyRateProbe.Reading(0);

        Assert.Null(reading.PagesPerSecond);
        Assert.Equal(256, reading.ResolutionPagesPerSecond);
    }
}
