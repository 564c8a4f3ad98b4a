namespace MigrationAspire.Bench;

internal sealed record BenchSettings(
    int Groups, int RunsPerGroup, int SingleInserts, int ConsumerRuns, int BatchSize, int Repeats,
    IReadOnlyList<int> ScaleRuns, bool ScaleExports, string? StoreDirectory, IReadOnlyList<string> Only, string Api, IReadOnlyList<string> Experiments)
{
    /// <summary>The parts <c>--only</c> chooses from, all of them by default; <c>eta</c> (real runs of a running lab) only when named.</summary>
    public static readonly string[] Parts = ["validation", "analytics", "scale"];

    public int TotalRuns => Groups * RunsPerGroup;

    public static BenchSettings Parse(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Get(string name, int fallback) => int.TryParse(Text(name), out var value) ? value : fallback;

        var scale = (Text("scale") ?? "1000000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        return new BenchSettings(
            Get("groups", 20), Get("runs-per-group", 5_000), Get("single", 2_000), Get("consumer", 2_000), Get("batch", 1_000), Get("repeats", 5),
            scale, !args.Contains("--no-exports"), Text("store-dir"), (Text("only") ?? string.Join(',', Parts)).Split(',', StringSplitOptions.RemoveEmptyEntries),
            Text("api") ?? Environment.GetEnvironmentVariable("LAB_API") ?? "http://localhost:5080",
            (Text("experiment") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
