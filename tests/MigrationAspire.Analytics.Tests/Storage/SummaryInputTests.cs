using DuckDB.NET.Data;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Statistics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Storage;

public sealed class SummaryInputTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static readonly PolicyDecision Raise =
        new() { AtMs = 500, Pass = 2, Action = ConvergenceAction.SetDowntimeLimit, DowntimeLimitMs = 900, Reason = "ramp" };

    private static readonly ConvergencePrediction Forecast =
        new() { AtMs = 100, Pass = 1, WillConverge = true, EtaMs = 800, DowntimeLimitMs = 300 };

    /// <summary>One group's runs of every kind an outcome distinguishes, in run order.</summary>
    private static IEnumerable<RunRecord> EveryKind()
    {
        var index = 0;
        RunPlan Plan(MigrationMode mode = MigrationMode.Precopy) =>
            TestRuns.Plan("exp", index++, [TestRuns.Memory(256)], migration: new MigrationSpec { Mode = mode });
        var passes = TestRuns.Passes((0, 1000), (500, 10));
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Precopy, 50, 1250));
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Precopy, 400, 4000) with { LimitReached = "maxTimeSeconds" });
        yield return TestRuns.Completed(Plan(MigrationMode.Stopcopy), TestRuns.Result(MigrationMode.Stopcopy, 5, 800) with { HostPauseMs = 900 });
        yield return TestRuns.Completed(Plan(MigrationMode.Postcopy), TestRuns.Result(MigrationMode.Postcopy, 20, 2000));
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Postcopy, 20, 2000) with { LimitReached = "maxTimeSeconds" });
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Precopy, 600, 11_000, passes: [passes[0], passes[1] with { Decisions = [Raise] }]));
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Precopy, 30, 1000) with { Predictions = [Forecast] });
        yield return TestRuns.Completed(Plan(), TestRuns.Result(MigrationMode.Precopy, 30, 1000) with { TotalTimeMs = double.NaN, HostPauseMs = double.PositiveInfinity });
        yield return TestRuns.Failed(Plan(), "guest died", TestRuns.Result(MigrationMode.Precopy, 90_000) with { Predictions = [Forecast] });
        yield return TestRuns.Failed(Plan(), "cancelled by user", status: RunStatus.Cancelled);
    }

    private static object Facts(RunOutcome o) =>
        (o.Completed, o.Mode, o.PlannedMode, o.LimitReached, o.TotalTimeMs, o.DowntimeMs, o.HostPauseMs, string.Join(",", o.Decisions.Select(d => d.Action)));

    private async Task AssertOutcomesAreThoseOfTheWholeRunsAsync(Func<StoredRun, bool> documented)
    {
        var whole = await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token());
        var (groups, runs) = await _fixture.Store.LoadSummaryInputAsync("exp", TestTimeouts.Token());

        Assert.Single(groups);
        var input = Assert.Single(runs);
        Assert.Equal(
            whole.Where(r => r.Status == RunStatus.Completed).Select(RunOutcome.Of).OfType<RunOutcome>().Select(Facts),
            input.Outcomes.Select(Facts));
        Assert.Equal(whole.Where(documented).Select(r => r.RunId), input.Documented.Select(r => r.RunId));
    }

    [Fact]
    public async Task Outcomes_read_from_the_columns_are_those_of_the_runs_read_whole_and_only_forecasts_and_decisions_are_read_whole()
    {
        await _fixture.Store.AddManyAsync(EveryKind().ToList(), TestTimeouts.Token());

        await AssertOutcomesAreThoseOfTheWholeRunsAsync(r => r.Result is { } result
            && (result.Predictions.Count > 0 || result.PassHistory.Any(p => p.Decisions.Count > 0)));
    }

    [Fact]
    public async Task Runs_stored_before_the_outcome_columns_are_read_whole_unless_they_have_no_result()
    {
        await _fixture.Store.AddManyAsync(EveryKind().ToList(), TestTimeouts.Token());
        _fixture.Store.Dispose();
        using (var connection = new DuckDBConnection($"Data Source={_fixture.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """UPDATE runs SET "resultMode" = NULL, "forecasts" = NULL, "policyDecisions" = NULL""";
            command.ExecuteNonQuery();
        }

        _fixture.Reopen();

        await AssertOutcomesAreThoseOfTheWholeRunsAsync(r => r.Result is not null);
    }
}
