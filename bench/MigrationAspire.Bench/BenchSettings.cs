namespace MigrationAspire.Bench;

internal sealed record BenchSettings(int Groups, int RunsPerGroup, int SingleInserts, int ConsumerRuns, int BatchSize, int Repeats)
{
    public int TotalRuns => Groups * RunsPerGroup;

    public static BenchSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
        }

        return new BenchSettings(
            Get("groups", 20), Get("runs-per-group", 5_000), Get("single", 2_000), Get("consumer", 2_000), Get("batch", 1_000), Get("repeats", 5));
    }
}
