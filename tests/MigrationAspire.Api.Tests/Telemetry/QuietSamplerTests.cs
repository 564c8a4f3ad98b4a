using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace MigrationAspire.Api.Tests.Telemetry;

public sealed class QuietSamplerTests
{
    private static SamplingDecision Decide(string name, ActivityContext parent = default) =>
        QuietSampler.Create().ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, ActivityKind.Internal)).Decision;

    [Theory]
    [InlineData("MigrationAspire.Contracts:HostHeartbeat send")]
    [InlineData("IRemoteGrainDirectory/AcceptSplitPartition")]
    [InlineData("IGrainTimerInvoker/InvokeCallbackAsync")]
    public void Background_chatter_starting_a_trace_is_not_recorded(string name) =>
        Assert.Equal(SamplingDecision.Drop, Decide(name));

    [Theory]
    [InlineData("CreateExperiment")]
    [InlineData("migrate")]
    [InlineData("IExperimentGrain/Create")]
    public void What_users_and_experiments_start_is_recorded(string name) =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(name));

    [Fact]
    public void A_trace_is_kept_whole_even_where_a_span_in_it_looks_like_chatter()
    {
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        Assert.Equal(SamplingDecision.RecordAndSample, Decide("IHostGrain/Heartbeat", sampledParent));
    }
}
