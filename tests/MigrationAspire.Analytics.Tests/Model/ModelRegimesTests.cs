using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Statistics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Model;

public sealed class ModelRegimesTests
{
    private static StoredRun Run(string group, MigrationMode planned, MigrationResult? result, RunStatus status = RunStatus.Completed) => new()
    {
        RunId = $"exp-{group}", ExperimentId = "exp", Index = 0, Repetition = 0, GroupKey = group,
        Parameters = new Dictionary<string, System.Text.Json.JsonElement>(), Status = status, SourceHost = "a", DestinationHost = "b",
        FinishedAt = TestRuns.Finished, Plan = TestRuns.Plan("exp", 0, [], migration: new MigrationSpec { Mode = planned }), Result = result,
    };

    private static ModelSummary Predicting(double totalTimeMs, double downtimeMs) => new()
    {
        Prediction = new ModelPredictionView(ModelOutcome.Converged, 3, totalTimeMs, downtimeMs, totalTimeMs - downtimeMs, 1e8),
    };

    [Fact]
    public void Each_completed_run_is_held_against_its_own_groups_prediction_and_pooled_by_how_it_ended()
    {
        var converging = TestRuns.Result(MigrationMode.Precopy, downtimeMs: 50, totalTimeMs: 1250);
        var limited = TestRuns.Result(MigrationMode.Precopy, downtimeMs: 400, totalTimeMs: 4000) with { LimitReached = "maxTimeSeconds" };
        var stopcopy = TestRuns.Result(MigrationMode.Stopcopy, downtimeMs: 5, totalTimeMs: 800) with { HostPauseMs = 900 };
        var postcopy = TestRuns.Result(MigrationMode.Postcopy, downtimeMs: 20, totalTimeMs: 2000);
        var groups = new (ModelSummary, IEnumerable<StoredRun>)[]
        {
            // Predicted 1000 ms: 1250 measured is 20 % off (250 / 1250); a second group's 2000 predicted vs 1600 is 25 %.
            (Predicting(1000, 40), [Run("a", MigrationMode.Precopy, converging), Run("a", MigrationMode.Precopy, limited)]),
            (Predicting(2000, 40), [Run("b", MigrationMode.Precopy, TestRuns.Result(MigrationMode.Precopy, downtimeMs: 50, totalTimeMs: 1600))]),
            (Predicting(1000, 1000), [Run("c", MigrationMode.Stopcopy, stopcopy)]),
            (Predicting(1000, 40), [Run("d", MigrationMode.Postcopy, postcopy)]),
            // A failed run and a group the model cannot predict add nothing.
            (Predicting(1000, 40), [Run("e", MigrationMode.Precopy, converging, RunStatus.Failed)]),
            (new ModelSummary { Unavailable = "post-copy is not modelled" }, [Run("f", MigrationMode.Precopy, converging)]),
        };

        var regimes = ModelRegimes.Of(groups);

        Assert.Equal([MigrationRegime.Converging, MigrationRegime.Limited, MigrationRegime.Postcopy, MigrationRegime.Stopcopy], regimes.Select(r => r.Regime));
        var pooled = regimes[0];
        Assert.Equal(2, pooled.Runs);
        Approx.Absolute((0.2 + 0.25) / 2, pooled.TotalTimeMs.MeanRelativeError, 1e-12);
        // Downtime 40 predicted against 50 measured twice: 20 % each, 10 ms short.
        Approx.Absolute(0.2, pooled.DowntimeMs.MeanRelativeError, 1e-12);
        Approx.Absolute(-10, pooled.DowntimeMs.MeanError, 1e-9);
        Approx.Absolute(0.75, regimes[1].TotalTimeMs.MeanRelativeError, 1e-12);
        // Stop-and-copy's downtime is the whole pause: 1000 predicted against the host's 900, not QEMU's 5 ms.
        Approx.Absolute(100.0 / 900, regimes[3].DowntimeMs.MeanRelativeError, 1e-12);
    }

    [Fact]
    public void A_precopy_plan_that_a_limit_switched_to_postcopy_is_limited_not_postcopy()
    {
        var switched = TestRuns.Result(MigrationMode.Postcopy, downtimeMs: 20) with { LimitReached = "maxPasses" };

        Assert.Equal(MigrationRegime.Limited, ModelRegimes.Of(Run("a", MigrationMode.Precopy, switched)));
        Assert.Equal(MigrationRegime.Postcopy, ModelRegimes.Of(Run("a", MigrationMode.Postcopy, TestRuns.Result(MigrationMode.Postcopy, 20))));
        Assert.Null(ModelRegimes.Of(Run("a", MigrationMode.Precopy, null, RunStatus.Cancelled)));
    }

    [Fact]
    public void A_run_whose_policy_raised_the_limit_is_held_against_the_model_at_the_raised_limit()
    {
        // 47 MiB/s of dirtying over a 32 MiB/s link: at the plan's 100 ms the model never converges (752 s at its pass cap);
        // at the 900 ms a policy raised it to, the 24 MiB working set (0.75 s of link) fits, and it does.
        var inputs = new ModelInputView(72 * MiB, 24 * MiB, 47 * MiB, 32 * MiB, 100, 1000, MigrationMode.Precopy);
        var atPlan = PrecopyModel.Predict(Input(inputs, 0.1));
        var atRaised = PrecopyModel.Predict(Input(inputs, 0.9));
        Assert.Equal(ModelOutcome.NonConvergent, atPlan.Outcome);
        Assert.Equal(ModelOutcome.Converged, atRaised.Outcome);
        var model = new ModelSummary
        {
            Inputs = inputs,
            Prediction = new ModelPredictionView(atPlan.Outcome, atPlan.PrecopyPasses, atPlan.TotalTimeSeconds * 1000, atPlan.DowntimeSeconds * 1000, atPlan.PrecopyTimeSeconds * 1000, atPlan.TransferredBytes),
        };
        var raised = TestRuns.Result(MigrationMode.Precopy, downtimeMs: 600, totalTimeMs: 11_000) with
        {
            PassHistory =
            [
                new PassRecord
                {
                    Pass = 5, AtMs = 5000, RemainingBytes = 1, TransferredBytes = 1, DirtyPagesRate = 1, ThroughputMbps = 1, CpuThrottlePercent = 0, DowntimeLimitMs = 100,
                    Decisions = [new PolicyDecision { AtMs = 5000, Pass = 5, Action = ConvergenceAction.SetDowntimeLimit, DowntimeLimitMs = 900, Reason = "ramp" }],
                },
            ],
        };

        var pooled = Assert.Single(ModelRegimes.Of([(model, [Run("a", MigrationMode.Precopy, raised)])]));

        Assert.Equal(MigrationRegime.Converging, pooled.Regime);
        Approx.Absolute(Math.Abs(atRaised.TotalTimeSeconds * 1000 - 11_000) / 11_000, pooled.TotalTimeMs.MeanRelativeError, 1e-9);
        Approx.Absolute(Math.Abs(atRaised.DowntimeSeconds * 1000 - 600) / 600, pooled.DowntimeMs.MeanRelativeError, 1e-9);
    }

    [Fact]
    public void A_converging_run_the_model_says_never_converges_is_a_verdict_miss_not_an_error()
    {
        // The head-to-head's guest rewriting 24 MiB at 12 000 pages/s over 32 MB/s converged once a policy raised the limit
        // to 500-800 ms, where the model (R × T < W, checked at whole passes) never does, and its figures (a switch-over
        // after 1 000 passes, 789 s) made the regime's total-time MAPE 1 079 %.
        var inputs = new ModelInputView(72 * MiB, 24 * MiB, 47 * MiB, 32 * MiB, 100, 1000, MigrationMode.Precopy);
        var atPlan = PrecopyModel.Predict(Input(inputs, 0.1));
        var model = new ModelSummary
        {
            Inputs = inputs,
            Prediction = new ModelPredictionView(atPlan.Outcome, atPlan.PrecopyPasses, atPlan.TotalTimeSeconds * 1000, atPlan.DowntimeSeconds * 1000, atPlan.PrecopyTimeSeconds * 1000, atPlan.TransferredBytes),
        };
        var converged = TestRuns.Result(MigrationMode.Precopy, downtimeMs: 80, totalTimeMs: 13_000);
        var fits = TestRuns.Result(MigrationMode.Precopy, downtimeMs: 50, totalTimeMs: 1250);

        var pooled = Assert.Single(ModelRegimes.Of([(model, [Run("a", MigrationMode.Precopy, converged)]), (Predicting(1000, 40), [Run("b", MigrationMode.Precopy, fits)])]));

        Assert.Equal((2, 1), (pooled.Runs, pooled.VerdictMisses));
        Assert.Equal(1, pooled.TotalTimeMs.N);
        Approx.Absolute(0.2, pooled.TotalTimeMs.MeanRelativeError, 1e-12);
        Assert.Equal(1, pooled.DowntimeMs.N);
    }

    private const double MiB = 1024 * 1024;

    private static MigrationModelInput Input(ModelInputView v, double limitSeconds) => new()
    {
        MemoryBytes = v.MemoryBytes, WorkingSetBytes = v.WorkingSetBytes, DirtyRateBytesPerSecond = v.DirtyRateBytesPerSecond,
        BandwidthBytesPerSecond = v.BandwidthBytesPerSecond, DowntimeLimitSeconds = limitSeconds, MaxPasses = v.MaxPasses,
    };
}
