using System.Net.ServerSentEvents;
using System.Text.Json;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Watch;

/// <summary>Something the lab's live streams said about an experiment or one of its runs.</summary>
internal abstract record WatchEvent
{
    /// <summary>An event of <c>/api/experiments/{id}/events</c>; null for kinds this build does not know.</summary>
    public static WatchEvent? FromExperimentStream(SseItem<string> item) => item.EventType switch
    {
        "status" => new ExperimentProgressed(Read<ExperimentHeadline>(item)),
        "run" => Read<RunChanged>(item),
        "end" => new ExperimentEnded(Read<StreamEnd<ExperimentStatus>>(item).Status),
        _ => null,
    };

    /// <summary>An event of <c>/api/runs/{runId}/events</c>; null for kinds this build does not know.</summary>
    public static WatchEvent? FromRunStream(string runId, SseItem<string> item) => item.EventType switch
    {
        "sample" => RunSampled.Read(runId, item.Data),
        "status" => new RunViewed(Read<RunRecord>(item)),
        _ => null,
    };

    private static T Read<T>(SseItem<string> item) =>
        JsonSerializer.Deserialize<T>(item.Data, LabJson.Options)
        ?? throw new JsonException($"the lab sent a '{item.EventType}' event with null data");
}

internal sealed record ExperimentProgressed(ExperimentHeadline Experiment) : WatchEvent;

/// <summary>The <c>run</c> event: a run's status or step changed.</summary>
internal sealed record RunChanged(string RunId, int Index, RunStatus Status, RunStep? Step, string? FailureReason) : WatchEvent;

internal sealed record ExperimentEnded(ExperimentStatus Status) : WatchEvent;

/// <summary>A run's whole view, from its own stream or fetched once it was final.</summary>
internal sealed record RunViewed(RunRecord Run) : WatchEvent;

/// <summary>One live sample, with the lab's prediction of the time left when it makes one.</summary>
internal sealed record RunSampled(string RunId, LiveSample Sample, TimeSpan? Eta) : WatchEvent
{
    public static RunSampled Read(string runId, string json)
    {
        var sample = JsonSerializer.Deserialize<LiveSample>(json, LabJson.Options)
            ?? throw new JsonException("the lab sent a null sample");
        // Null means "no prediction" (not enough measured, or it will not converge), never 0.
        return new RunSampled(runId, sample, sample.EtaMs is { } eta ? TimeSpan.FromMilliseconds(eta) : null);
    }
}

/// <summary>The <c>end</c> event's data: the status the stream ended on.</summary>
internal sealed record StreamEnd<TStatus>(TStatus Status);
