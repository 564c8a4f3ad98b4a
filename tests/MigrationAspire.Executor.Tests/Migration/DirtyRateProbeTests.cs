using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class DirtyRateProbeTests
{
    [Fact]
    public void Reading_WholeMiBPerSecond_IsPagesPerSecondWithItsResolution()
    {
        Assert.Equal(new DirtyRateReading(7 * 256, 256), DirtyRateProbe.Reading(7));
    }

    [Fact]
    public void Reading_ZeroMiBPerSecond_IsBelowTheResolutionNotZero()
    {
        var reading = DirtyRateProbe.Reading(0);

        Assert.Null(reading.PagesPerSecond);
        Assert.Equal(256, reading.ResolutionPagesPerSecond);
    }
}
