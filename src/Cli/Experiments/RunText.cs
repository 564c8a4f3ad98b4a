using System.Text.Json;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Experiments;

/// <summary>A run's parts as words: its sweep group, status and hosts.</summary>
internal static class RunText
{
    /// <summary><c>migration.mode=precopy vm.memoryMiB=256</c>: the swept values, strings without their JSON quotes.</summary>
    public static string Group(RunPlan plan) => plan.Parameters.Count == 0
        ? "(all)"
        : string.Join(' ', plan.Parameters.Select(p => $"{p.Path}={Literal(p.Value)}"));

    public static string Status(RunStatus status, RunStep? step) =>
        status == RunStatus.Running && step is { } s ? $"running/{Units.Name(s)}" : Units.Name(status);

    public static string Hosts(RunRecord run) => run.SourceHost is null ? Units.Absent : $"{run.SourceHost} → {run.DestinationHost ?? "?"}";

    private static string Literal(string json)
    {
        if (!json.StartsWith('"'))
            return json;
        try
        {
            return JsonSerializer.Deserialize<string>(json) ?? json;
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
