using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class EtaScoringTests
{
    private static ConvergencePrediction At(double atMs, bool willConverge, double? etaMs = null) =>
        new() { AtMs = atMs, Pass = 1, WillConverge = willConverge, EtaMs = etaMs, DowntimeLimitMs = 300 };

    [Fact]
    public void Each_checkpoint_scores_the_latest_forecast_made_by_then()
    {
        // A 4 s migration that converged. Checkpoints at 0.4, 1, 2 and 3 s.
        var quality = EtaScoring.Score(
            [At(2900, true, 1000), At(500, true, 3000), At(1800, false), At(1000, true, 3500)], totalTimeMs: 4000, converged: true);

        var (tenth, quarter, half, threeQuarters) = (quality.Checkpoints[0], quality.Checkpoints[1], quality.Checkpoints[2], quality.Checkpoints[3]);
        Assert.Equal([0.10, 0.25, 0.50, 0.75], quality.Checkpoints.Select(c => c.Fraction));
        Assert.Equal([400.0, 1000, 2000, 3000], quality.Checkpoints.Select(c => c.AtMs));
        // Nothing was forecast by 0.4 s.
        Assert.Null(tenth.Prediction);
        Assert.Null(tenth.VerdictCorrect);
        Assert.Null(tenth.ErrorMs);
        // At 1 s: it said 1 + 3.5 = 4.5 s, half a second late, with 3 s really left.
        Assert.Equal(1000, quarter.Prediction!.AtMs);
        Assert.Equal(500, quarter.ErrorMs);
        Approx.Absolute(500.0 / 3000, quarter.RelativeError, 1e-12);
        // At 2 s: the forecast made at 1.8 s said it would not converge; no ETA to score.
        Assert.Equal(false, half.VerdictCorrect);
        Assert.Null(half.ErrorMs);
        Assert.Null(half.RelativeError);
        // At 3 s: 2.9 + 1 = 3.9 s, 0.1 s early with 1.1 s left.
        Assert.Equal(-100, threeQuarters.ErrorMs!.Value, 9);
        Approx.Absolute(-100.0 / 1100, threeQuarters.RelativeError, 1e-12);
        Assert.Equal(true, threeQuarters.VerdictCorrect);
        Assert.Equal(4, quality.Predictions);
        Assert.Equal(0.75, quality.VerdictAccuracy);
    }

    [Fact]
    public void A_run_that_did_not_converge_scores_verdicts_but_no_eta()
    {
        var quality = EtaScoring.Score([At(10_000, false), At(50_000, true, 20_000), At(90_000, false)], totalTimeMs: 120_000, converged: false);

        Assert.All(quality.Checkpoints, c => Assert.Null(c.ErrorMs));
        Assert.Equal([true, true, false, true], quality.Checkpoints.Select(c => c.VerdictCorrect!.Value));
        Assert.Equal(2 / 3.0, quality.VerdictAccuracy!.Value, 12);
    }

    [Fact]
    public void Without_forecasts_every_figure_is_absent()
    {
        var quality = EtaScoring.Score([], totalTimeMs: 1000, converged: true);

        Assert.Equal(0, quality.Predictions);
        Assert.Null(quality.VerdictAccuracy);
        Assert.All(quality.Checkpoints, c => Assert.Null(c.Prediction));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_duration_that_is_not_positive_and_finite_is_refused(double totalTimeMs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EtaScoring.Score([], totalTimeMs, converged: true));
    }
}
