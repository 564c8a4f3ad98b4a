using MigrationAspire.Bench;

// Benchmarks of the analytics service's store and summary, on synthetic runs; see bench/README.md.
// Usage: dotnet run -c Release --project bench/MigrationAspire.Bench [--groups 20] [--runs-per-group 5000]
//        [--validation-only]
var settings = BenchSettings.Parse(args);
var results = ValidationBench.Run(settings.Repeats).ToList();
if (!args.Contains("--validation-only"))
{
    results.AddRange(await new AnalyticsBench(settings).RunAsync());
}

Console.WriteLine();
Console.WriteLine($"| measured | result | detail |");
Console.WriteLine($"|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.What} | {result.Value} | {result.Detail} |");
}
