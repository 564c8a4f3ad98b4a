using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Analytics;
using MigrationAspire.Analytics.Ingest;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;
using static MigrationAspire.Bench.Measure;

namespace MigrationAspire.Bench;

/// <summary>Ingest through the store and the consumer, then summary, plot and export latency on a big experiment.</summary>
internal sealed partial class AnalyticsBench(BenchSettings settings)
{
    private const string Big = "big";
    private readonly List<Result> _results = [];

    public async Task<IReadOnlyList<Result>> RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("analytics-bench-");
        try
        {
            var options = Options.Create(new AnalyticsOptions { DatabasePath = Path.Combine(directory.FullName, "bench.duckdb") });
            using var store = new RunStore(options, NullLogger<RunStore>.Instance);
            store.Initialize();
            await IngestAsync(store);
            await ConsumerAsync(store);
            await QueriesAsync(store, options);
            Add("database file", $"{new FileInfo(options.Value.DatabasePath).Length / 1_048_576.0:N0} MiB",
                $"{settings.TotalRuns + settings.SingleInserts + settings.ConsumerRuns:N0} runs, WAL checkpointed or not");
            return _results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task IngestAsync(RunStore store)
    {
        var single = SyntheticRuns.Experiment("single", 4, settings.SingleInserts / 4).ToList();
        var elapsed = await TimeAsync(async () =>
        {
            foreach (var run in single)
            {
                await store.AddAsync(run, CancellationToken.None);
            }
        });
        Add("ingest, store, one run per transaction", Rate(single.Count, elapsed), $"{single.Count:N0} runs in {elapsed.TotalSeconds:N1} s");

        Log($"storing {settings.TotalRuns:N0} runs in batches of {settings.BatchSize:N0}…");
        var stored = 0;
        elapsed = await TimeAsync(async () =>
        {
            foreach (var batch in SyntheticRuns.Experiment(Big, settings.Groups, settings.RunsPerGroup).Chunk(settings.BatchSize))
            {
                stored += await store.AddManyAsync(batch, CancellationToken.None);
            }
        });
        Add($"ingest, store, batches of {settings.BatchSize:N0}", Rate(stored, elapsed), $"{stored:N0} runs in {elapsed.TotalSeconds:N1} s");

        var again = SyntheticRuns.Experiment(Big, settings.Groups, settings.RunsPerGroup).Take(settings.BatchSize).ToArray();
        elapsed = await TimeAsync(async () => stored = await store.AddManyAsync(again, CancellationToken.None));
        Add("redelivery of stored runs (skipped)", Rate(again.Length, elapsed), $"{again.Length:N0} duplicates, {stored} stored");
    }

    /// <summary>The consumer on MassTransit's in-memory transport: serialization, dispatch and one transaction per message.</summary>
    private async Task ConsumerAsync(RunStore store)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<RunFinishedConsumer, RunFinishedConsumerDefinition>();
            bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var runs = SyntheticRuns.Experiment("bus", 4, settings.ConsumerRuns / 4).ToList();
        var publisher = host.Services.GetRequiredService<IBus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var elapsed = await TimeAsync(async () =>
        {
            foreach (var run in runs)
            {
                await publisher.Publish(new RunFinished { Run = run }, timeout.Token);
            }

            while (await store.CountRunsAsync("bus", timeout.Token) < runs.Count)
            {
                await Task.Delay(10, timeout.Token);
            }
        });
        Add("ingest, consumer (in-memory bus)", Rate(runs.Count, elapsed), $"{runs.Count:N0} runs in {elapsed.TotalSeconds:N1} s");
        await host.StopAsync();
    }

    private void Add(string what, string value, string detail)
    {
        _results.Add(new Result(what, value, detail));
        Log($"{what}: {value} ({detail})");
    }

    private static void Log(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
