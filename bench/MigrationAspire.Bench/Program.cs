using MigrationAspire.Bench;

// Benchmarks of the API's validation and the analytics service's store, summary and exports, on synthetic runs;
// see bench/README.md.
// Usage: dotnet run -c Release --project bench/MigrationAspire.Bench [--only validation,analytics,scale]
//        [--groups 20] [--runs-per-group 5000] [--scale 1000000] [--store-dir DIR] [--no-exports] [--repeats 5] [--validation-only]
//        --only eta --experiment ID[,ID…] [--api http://localhost:5080]   (the live ETA over a running lab's finished runs)
var settings = BenchSettings.Parse(args);
var only = args.Contains("--validation-only") ? ["validation"] : settings.Only;
var results = new List<Result>();
if (only.Contains("validation"))
{
    results.AddRange(ValidationBench.Run(settings.Repeats));
}

if (only.Contains("analytics"))
{
    results.AddRange(await new AnalyticsBench(settings).RunAsync());
}

if (only.Contains("scale"))
{
    results.AddRange(await new ScaleBench(settings).RunAsync());
}

if (only.Contains("eta"))
{
    results.AddRange(await new EtaBench(settings.Api, settings.Experiments).RunAsync());
}

Console.WriteLine();
Console.WriteLine($"| measured | result | detail |");
Console.WriteLine($"|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.What} | {result.Value} | {result.Detail} |");
}
