using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Bench;

/// <summary>
/// What the API spends on the worst specs a client can send (bodies up to the 1 MiB limit): the JSON read and
/// <see cref="ExperimentSpecValidator"/>, as <c>POST /api/experiments</c> does them, in CPU time of the process.
/// </summary>
internal static class ValidationBench
{
    private const string Base = """
        "name": "bench", "vm": {"memoryMiB": 512}, "workload": {"workingSetMiB": 64},
        "migration": {"mode": "precopy", "maxBandwidthMiBps": 64}
        """;

    public static IReadOnlyList<Result> Run(int repeats)
    {
        var cases = new (string What, string Body, int MaxRuns)[]
        {
            ("140 000 distinct sweep values (over the run limit)", Spec(1, Sweep("vm.memoryMiB", Enumerable.Range(1, 140_000).Select(i => $"{i}"))), SpecLimits.DefaultMaxRuns),
            ("250 000 wrong sweep values", Spec(1, Sweep("vm.memoryMiB", Enumerable.Repeat("\"x\"", 250_000))), SpecLimits.DefaultMaxRuns),
            ("500 runs, every one checked (the largest accepted sweep)", Spec(1, Sweep("migration.maxBandwidthMiBps", Enumerable.Range(1, 500).Select(i => $"{i}"))), SpecLimits.DefaultMaxRuns),
            ("499 values each wrong, 499 problems capped to 20 fields", Spec(1, Sweep("vm.vcpus", Enumerable.Range(0, 499).Select(i => $"\"{i}\""))), SpecLimits.DefaultMaxRuns),
            ("all 24 sweepable paths, 2 values each (2²⁴ runs)", Spec(1, string.Join(",", SpecPaths.Sweepable.Keys.Select(p => $"\"{p}\": [null, 1]"))), SpecLimits.DefaultMaxRuns),
            ("5 000 runs at Api:MaxRunsPerExperiment = 5 000 (its maximum)", Spec(1, Sweep("migration.maxBandwidthMiBps", Enumerable.Range(1, 5_000).Select(i => $"{i}"))), 5_000),
            ("a 1 MiB sweep value at Api:MaxRunsPerExperiment = 5 000", Spec(1, Sweep("vm.memoryMiB", [$"\"{new string('v', 1_040_000)}\""])), 5_000),
        };

        var results = new List<Result>();
        foreach (var (what, body, maxRuns) in cases)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var problems = 0;
            var (first, median, max) = CpuMs(repeats, () => problems = Validate(bytes, maxRuns));
            results.Add(new Result($"validation: {what}", $"{median:N1} ms CPU",
                $"median of {repeats} (max {max:N1} ms, first {first:N1} ms); {bytes.Length / 1024.0:N0} KiB body, {problems} fields reported"));
        }
        return results;
    }

    private static int Validate(byte[] body, int maxRuns)
    {
        try
        {
            var spec = JsonSerializer.Deserialize<ExperimentSpec>(body, SpecJson.Options)!;
            return ExperimentSpecValidator.Validate(spec, maxRuns).Count;
        }
        catch (JsonException)
        {
            return 1;
        }
    }

    /// <summary>Process CPU time (all threads, so the GC's too) of one cold call, then the median and max of the timed ones.</summary>
    private static (double First, double Median, double Max) CpuMs(int repeats, Action action)
    {
        var process = Process.GetCurrentProcess();
        double Once()
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            action();
            process.Refresh();
            return (process.TotalProcessorTime - before).TotalMilliseconds;
        }

        var first = Once();
        Once();
        var times = Enumerable.Range(0, repeats).Select(_ => Once()).Order().ToList();
        return (first, times[times.Count / 2], times[^1]);
    }

    private static string Spec(int repetitions, string sweep) => $"{{{Base}, \"repetitions\": {repetitions}, \"sweep\": {{{sweep}}}}}";

    private static string Sweep(string path, IEnumerable<string> values) => $"\"{path}\": [{string.Join(",", values)}]";
}
