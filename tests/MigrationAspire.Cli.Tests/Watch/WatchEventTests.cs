using System.Net.ServerSentEvents;
using System.Text.Json;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Live;
using MigrationAspire.Cli.Watch;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Tests.Watch;

/// <summary>The events are serialized from the API's own records the way its streams write them.</summary>
public sealed class WatchEventTests
{
    private static SseItem<string> Event<T>(string type, T data) => new(JsonSerializer.Serialize(data, SpecJson.Options), type);

    [Fact]
    public void A_run_event_of_the_experiment_stream_reads_as_the_runs_new_status_and_step()
    {
        var sent = new RunStatusChange("exp-1a2b3c4d-0002", 2, "migration.mode=\"stopcopy\"", RunStatus.Running, RunStep.Migrate, null);

        var read = WatchEvent.FromExperimentStream(Event("run", sent));

        Assert.Equal(new RunChanged("exp-1a2b3c4d-0002", 2, RunStatus.Running, RunStep.Migrate, null), read);
    }

    [Fact]
    public void The_status_and_end_events_read_as_the_experiments_progress_and_final_status()
    {
        var summary = ExperimentSummary.From(Runs.Experiment(4) with { Runs = new RunCounts { Completed = 3, Failed = 1 }, Reason = "one guest lost" });

        var progressed = Assert.IsType<ExperimentProgressed>(WatchEvent.FromExperimentStream(Event("status", summary)));
        var ended = WatchEvent.FromExperimentStream(Event("end", new MigrationAspire.Api.Live.StreamEnd<ExperimentStatus>(ExperimentStatus.CompletedWithFailures)));

        Assert.Equal((3, 1, 4, "one guest lost"), (progressed.Experiment.Runs.Completed, progressed.Experiment.Runs.Failed, progressed.Experiment.Finished, progressed.Experiment.Reason));
        Assert.Equal(new ExperimentEnded(ExperimentStatus.CompletedWithFailures), ended);
    }

    [Fact]
    public void A_sample_carries_the_labs_eta_when_it_predicts_one_and_none_when_it_does_not()
    {
        var plain = JsonSerializer.Serialize(Runs.Sample(1500, 3, 40, 200), SpecJson.Options);
        var predicted = JsonSerializer.Serialize(Runs.Sample(1500, 3, 40, 200) with { EtaMs = 2350.5, WillConverge = true }, SpecJson.Options)
            .TrimEnd('}') + ",\"somethingNewer\":true}";

        var without = Assert.IsType<RunSampled>(WatchEvent.FromRunStream("exp-1a2b3c4d-0000", new SseItem<string>(plain, "sample")));
        var with = Assert.IsType<RunSampled>(WatchEvent.FromRunStream("exp-1a2b3c4d-0000", new SseItem<string>(predicted, "sample")));

        Assert.Null(without.Eta);
        Assert.Equal(TimeSpan.FromMilliseconds(2350.5), with.Eta);
        Assert.Equal(3, with.Sample.Pass);
    }

    [Fact]
    public void An_event_kind_this_build_does_not_know_is_passed_over() =>
        Assert.Null(WatchEvent.FromExperimentStream(new SseItem<string>("{}", "forecast")));
}
