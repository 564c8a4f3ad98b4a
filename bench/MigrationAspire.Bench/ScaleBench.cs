using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Analytics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Bench.Measure;

namespace MigrationAspire.Bench;

/// <summary>
/// Summary and exports of one experiment per size (1 000 000 runs by default) in a store of its own. With
/// <c>--store-dir</c> the stores are kept and reused, since filling a million runs takes minutes.
/// </summary>
internal sealed class ScaleBench(BenchSettings settings)
{
    private const int SeedBatch = 10_000;

    public async Task<IReadOnlyList<Result>> RunAsync()
    {
        var results = new List<Result>();
        foreach (var runs in settings.ScaleRuns)
        {
            var kept = settings.StoreDirectory is not null;
            var directory = kept ? Directory.CreateDirectory(settings.StoreDirectory!) : Directory.CreateTempSubdirectory("analytics-scale-");
            try
            {
                results.AddRange(await SizeAsync(Path.Combine(directory.FullName, $"scale-{runs}.duckdb"), runs));
            }
            finally
            {
                if (!kept)
                {
                    directory.Delete(recursive: true);
                }
            }
        }

        return results;
    }

    private async Task<IEnumerable<Result>> SizeAsync(string database, int runs)
    {
        var experiment = $"scale-{runs}";
        var options = Options.Create(new AnalyticsOptions { DatabasePath = database });
        using var store = new RunStore(options, NullLogger<RunStore>.Instance);
        store.Initialize();
        var perGroup = runs / settings.Groups;
        if (await store.CountRunsAsync(experiment, CancellationToken.None) < settings.Groups * perGroup)
        {
            Log($"storing {runs:N0} runs for the scale bench…");
            foreach (var batch in SyntheticRuns.Experiment(experiment, settings.Groups, perGroup).Chunk(SeedBatch))
            {
                await store.AddManyAsync(batch, CancellationToken.None);
            }
        }

        var what = $"{settings.Groups * perGroup:N0} runs, {settings.Groups} groups";
        var summaries = new ExperimentSummaries(store, options);
        var loadBefore = LoadAverage();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var summary = await LatencyAsync(settings.Repeats, () => summaries.GetAsync(experiment, CancellationToken.None));
        // Wall time on a shared machine is mostly waiting for a core; CPU time says what the summary itself costs.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (settings.Repeats + 3);
        var results = new List<Result>
        {
            Logged(new Result($"summary at {runs:N0} runs", Ms(summary.Median),
                $"median of {settings.Repeats} ({Ms(summary.Min)}–{Ms(summary.Max)}); first call {Ms(summary.First)}; CPU {Ms(cpu)} per call (both cores); {what}; load {loadBefore} → {LoadAverage()}")),
        };
        var load = LoadAverage();
        results.Add(Logged(new Result($"summary stages at {runs:N0} runs", "", $"{await SummaryStages.MeasureAsync(store, experiment, settings.Repeats)}; load {load} → {LoadAverage()}")));
        foreach (var format in settings.ScaleExports ? [ExportFormat.Csv, ExportFormat.Parquet] : Array.Empty<ExportFormat>())
        {
            results.Add(Logged(await ExportAsync(store, experiment, format, what)));
        }

        return results;
    }

    /// <summary>One export's time, size and the growth of the process's peak resident memory (DuckDB's included).</summary>
    private static async Task<Result> ExportAsync(RunStore store, string experiment, ExportFormat format, string what)
    {
        var peakBefore = PeakResidentMiB();
        var load = LoadAverage();
        long size = 0;
        var elapsed = await TimeAsync(async () =>
        {
            await using var sink = new CountingStream();
            await store.ExportToAsync(experiment, format, sink, CancellationToken.None);
            size = sink.Length;
        });
        return new Result($"export {format} at {what}", Ms(elapsed.TotalMilliseconds),
            $"{size / 1_048_576.0:N1} MiB; peak RSS {peakBefore:N0} → {PeakResidentMiB():N0} MiB; load {load}");
    }

    private static double PeakResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    private static Result Logged(Result result)
    {
        Log($"{result.What}: {result.Value} ({result.Detail})");
        return result;
    }

    private static void Log(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <summary>A sink that only counts what an export writes, as a slow client would read it all.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
