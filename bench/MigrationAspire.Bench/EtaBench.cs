using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Analytics.Runs;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Bench;

/// <summary>
/// The live ETA's error over real runs (issue 14): reads finished experiments' runs from a running lab, scores each
/// converged pre-copy run's forecasts with <see cref="EtaScoring"/> at 10/25/50/75 % of its real duration, pools them
/// over every run and per policy, and prints the analytical model's error per regime from the summary beside them.
/// Not a synthetic benchmark: run an experiment first (e.g. examples/large/convergence-policies-head-to-head.json).
/// </summary>
internal sealed class EtaBench(string api, IReadOnlyList<string> experimentIds)
{
    /// <summary>The runs API's JSON (AnalyticsServiceExtensions): enums by camelCase name, swept values as JSON values.</summary>
    private static readonly JsonSerializerOptions RunsJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new RunParameterJson() },
    };

    public async Task<IReadOnlyList<Result>> RunAsync()
    {
        if (experimentIds.Count == 0)
            throw new ArgumentException("--only eta needs --experiment ID[,ID…]: the finished experiments whose runs to score");
        using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromMinutes(2) };
        var runs = new List<StoredRun>();
        var regimes = new List<Result>();
        foreach (var id in experimentIds)
        {
            var escaped = Uri.EscapeDataString(id);
            runs.AddRange(await http.GetFromJsonAsync<List<StoredRun>>($"/api/analytics/experiments/{escaped}/runs", RunsJson) ?? []);
            using var summary = JsonDocument.Parse(await http.GetStringAsync($"/api/analytics/experiments/{escaped}/summary"));
            regimes.AddRange(Regimes(id, summary.RootElement));
        }

        var results = new List<Result>();
        results.AddRange(Score("all runs", runs));
        foreach (var policy in runs.GroupBy(Policy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            results.AddRange(Score($"policy {policy.Key}", policy.ToList()));
        }

        results.AddRange(regimes);
        return results;
    }

    private static string Policy(StoredRun run) => StoreJson.Name(run.Plan.Migration.Policy.Kind);

    private static IEnumerable<Result> Score(string what, IReadOnlyList<StoredRun> runs)
    {
        var scored = runs.Where(r => r.Result is { Predictions.Count: > 0, TotalTimeMs: > 0 } && r.Status != Contracts.RunStatus.Running)
            .Select(r => EtaScoring.Score(r.Result!.Predictions, r.Result.TotalTimeMs, ForecastQuality.Converged(r)))
            .ToList();
        var finished = runs.Count(r => r.Status != Contracts.RunStatus.Running);
        if (scored.Count == 0)
        {
            yield return new Result($"ETA, {what}", "no forecasts", $"{finished} finished runs, none with a forecast");
            yield break;
        }

        for (var i = 0; i < EtaScoring.Fractions.Count; i++)
        {
            var at = scored.Select(s => s.Checkpoints[i]).ToList();
            var errors = at.Where(c => c.RelativeError is not null).Select(c => Math.Abs(c.RelativeError!.Value)).Order().ToList();
            var signed = at.Where(c => c.ErrorMs is not null).Select(c => c.ErrorMs!.Value).ToList();
            var verdicts = at.Where(c => c.VerdictCorrect is not null).ToList();
            var fraction = EtaScoring.Fractions[i];
            var verdict = verdicts.Count == 0 ? "no verdicts" : $"verdict right {verdicts.Count(c => c.VerdictCorrect == true)}/{verdicts.Count}";
            yield return errors.Count == 0
                ? new Result($"ETA at {fraction:P0}, {what}", "no ETA to score", $"{scored.Count} runs with forecasts; {verdict}")
                : new Result($"ETA at {fraction:P0}, {what}", $"MAPE {errors.Average():P0}",
                    $"n={errors.Count} of {scored.Count} runs with forecasts; median abs. error {Quantile(errors, 0.5):P0}, p90 {Quantile(errors, 0.9):P0}; "
                    + $"mean signed {signed.Average() / 1000:+0.0;-0.0} s (positive: forecast too late); {verdict}");
        }
    }

    private static double Quantile(IReadOnlyList<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static IEnumerable<Result> Regimes(string experimentId, JsonElement summary)
    {
        if (!summary.TryGetProperty("modelByRegime", out var regimes) || regimes.ValueKind != JsonValueKind.Array)
        {
            yield return new Result($"model per regime, {experimentId}", "none", "the summary has no completed run to hold the model against");
            yield break;
        }

        foreach (var regime in regimes.EnumerateArray())
        {
            yield return new Result($"model, {regime.GetProperty("regime").GetString()} ({experimentId})",
                $"total MAPE {Mape(regime.GetProperty("totalTimeMs"))}",
                $"{regime.GetProperty("runs").GetInt32()} runs ({Misses(regime)} the model said would not converge, left out); "
                + $"downtime MAPE {Mape(regime.GetProperty("downtimeMs"))}");
        }
    }

    private static int Misses(JsonElement regime) =>
        regime.TryGetProperty("verdictMisses", out var misses) && misses.ValueKind == JsonValueKind.Number ? misses.GetInt32() : 0;

    private static string Mape(JsonElement error) =>
        error.TryGetProperty("meanRelativeError", out var value) && value.ValueKind == JsonValueKind.Number ? $"{value.GetDouble():P0}" : "n/a";
}
