using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class ForecastQualityTests
{
    private static StoredRun Run(RunStatus status, double totalTimeMs, params ConvergencePrediction[] predictions) => new()
    {
        RunId = "exp-0000", ExperimentId = "exp", Index = 0, Repetition = 0, GroupKey = "g", Parameters = new Dictionary<string, System.Text.Json.JsonElement>(),
        Status = status, SourceHost = "a", DestinationHost = "b", FinishedAt = TestRuns.Finished,
        Plan = TestRuns.Plan("exp", 0, []),
        Result = TestRuns.Result(MigrationMode.Precopy, 20, totalTimeMs) with { Predictions = predictions },
    };

    private static ConvergencePrediction Forecast(double atMs, bool willConverge, double? etaMs = null) =>
        new() { AtMs = atMs, Pass = 1, WillConverge = willConverge, EtaMs = etaMs, DowntimeLimitMs = 300 };

    [Fact]
    public void Errors_are_pooled_over_the_runs_at_each_fraction_and_a_run_without_forecasts_is_left_out()
    {
        // Run 1 ends at 1000 ms; at 500 ms it said 600 ms more (100 ms late, over 500 ms left: 20 %).
        // Run 2 ends at 2000 ms; at 1000 ms it said 800 ms more (200 ms early, 20 %).
        var runs = new[]
        {
            Run(RunStatus.Completed, 1000, Forecast(100, true, 800), Forecast(500, true, 600)),
            Run(RunStatus.Completed, 2000, Forecast(1000, true, 800)),
            Run(RunStatus.Completed, 3000),
        };

        var quality = ForecastQuality.Of(runs)!;

        var half = quality.Checkpoints.Single(c => c.Fraction == 0.5);
        Assert.Equal(2, quality.Runs);
        Assert.Equal(2, half.N);
        Assert.Equal(0.2, half.MeanAbsoluteRelativeError!.Value, 9);
        Assert.Equal(-50, half.MeanErrorMs!.Value, 9);
        Assert.Equal(1.0, half.VerdictAccuracy);
        Assert.Equal(1, quality.Checkpoints.Single(c => c.Fraction == 0.1).N);
    }

    [Fact]
    public void A_cancelled_run_scores_its_verdicts_but_no_eta_and_none_at_all_is_null()
    {
        var cancelled = Run(RunStatus.Cancelled, 4000, Forecast(500, true, 100), Forecast(2000, false));

        var quality = ForecastQuality.Of([cancelled])!;

        Assert.False(ForecastQuality.Converged(cancelled));
        Assert.All(quality.Checkpoints, c => Assert.Equal(0, c.N));
        Assert.Equal(0.5, quality.VerdictAccuracy);
        Assert.Null(ForecastQuality.Of([Run(RunStatus.Completed, 1000)]));
    }
}
