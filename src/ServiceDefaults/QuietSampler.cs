using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps the dashboard's traces about experiments: traces that start with the lab's own background chatter
/// (host heartbeats every two seconds, Orleans' directory, membership and timer housekeeping, health pings)
/// are not recorded. Everything a user or an experiment starts is, and a trace is always kept or dropped whole.
/// </summary>
public sealed class QuietSampler : Sampler
{
    private static readonly string[] Chatter =
    [
        "HostHeartbeat", "host-heartbeat",
        "IRemoteGrainDirectory", "IDeploymentLoadPublisher", "IClusterManifestSystemTarget",
        "IMembershipService", "ISiloControl", "IGrainTimerInvoker", "IReminderService", "IHostGrain/Heartbeat",
    ];

    public static Sampler Create() => new ParentBasedSampler(new QuietSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var name = samplingParameters.Name;
        foreach (var chatter in Chatter)
        {
            if (name.Contains(chatter, StringComparison.Ordinal))
                return new SamplingResult(SamplingDecision.Drop);
        }
        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
