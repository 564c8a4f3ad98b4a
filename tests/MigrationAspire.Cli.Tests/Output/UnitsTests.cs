using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Tests.Output;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0L, "0.0 MiB")]
    [InlineData(1572864L, "1.5 MiB")]
    [InlineData(444596224L, "424 MiB")]
    [InlineData(5368709120L, "5 120 MiB")]
    public void Bytes_read_as_MiB_with_a_decimal_only_when_small(long bytes, string text) =>
        Assert.Equal(text, Units.MiB(bytes));

    [Fact]
    public void QEMUs_megabits_per_second_read_as_the_specs_MiB_per_second() =>
        // 1 048.576 × 10⁶ bit/s ÷ 8 ÷ 2²⁰ = 125 MiB/s.
        Assert.Equal("125 MiB/s", Units.Throughput(1048.576));

    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(12_400, "12.4 s")]
    [InlineData(185_000, "3 min 05 s")]
    [InlineData(7_500_000, "2 h 05 min")]
    public void Durations_read_in_the_unit_that_suits_them(double ms, string text) =>
        Assert.Equal(text, Units.Duration(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Absent_figures_are_a_dash_never_zero()
    {
        Assert.Equal(Units.Absent, Units.MiB(null));
        Assert.Equal(Units.Absent, Units.Milliseconds(null));
        Assert.Equal(Units.Absent, Units.Throughput(null));
        Assert.Equal(Units.Absent, Units.Count(null));
        Assert.Equal(Units.Absent, Units.Duration(null));
    }

    [Fact]
    public void Thousands_are_grouped_by_a_space_and_small_times_keep_a_decimal()
    {
        Assert.Equal("20 098 pages/s", Units.PagesPerSecond(20_098));
        Assert.Equal("1 430 ms", Units.Milliseconds(1430.4));
        Assert.Equal("7.5 ms", Units.Milliseconds(7.49));
    }

    [Fact]
    public void Enum_values_are_spelled_as_the_API_spells_them() =>
        Assert.Equal("completedWithFailures", Units.Name(ExperimentStatus.CompletedWithFailures));
}
