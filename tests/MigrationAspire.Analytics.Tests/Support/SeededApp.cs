using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Support;

/// <summary>Seeds one 2 × 2 experiment with a failed run, then reads it over HTTP.</summary>
public sealed class SeededApp : IAsyncLifetime
{
    public AnalyticsApp App { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await App.ReadyClientAsync();
        var runs = new List<RunRecord>();
        var index = 0;
        foreach (var mode in new[] { "precopy", "stopcopy" })
            foreach (var memory in new[] { 256, 512 })
                for (var repetition = 0; repetition < 3; repetition++)
                {
                    var plan = TestRuns.Plan("exp", index++, [TestRuns.Mode(mode), TestRuns.Memory(memory)], repetition: repetition);
                    var passes = TestRuns.Passes((0, memory * 1_048_576L), (800, 4_000_000));
                    runs.Add(TestRuns.Completed(plan,
                        TestRuns.Result(Enum.Parse<MigrationMode>(mode, true), memory / 10.0 + repetition, 1000 + repetition, passes: passes)));
                }

        runs.Add(TestRuns.Failed(TestRuns.Plan("exp", index, [TestRuns.Mode("precopy"), TestRuns.Memory(256)], repetition: 3), "guest died"));
        await App.Store.AddManyAsync(runs, TestTimeouts.Token());
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);
}
