using MigrationAspire.Network.Links;

namespace MigrationAspire.Network.Topology;

/// <summary>How a lab's network is made. Only <see cref="LabDirectory"/> is required.</summary>
public sealed record LabNetworkOptions
{
    /// <summary>The lab's directory (e.g. <c>.lab/</c>): its full path names the lab (<see cref="LabNames.For"/>).</summary>
    public required string LabDirectory { get; init; }

    /// <summary>The subnet the lab owns, like <c>10.77.3.0/24</c>; null picks a /24 in 10.64–191.x from the lab id
    /// that no interface of the machine uses.</summary>
    public string? Subnet { get; init; }

    /// <summary>The process whose life the namespaces belong to (default: this one). When it is gone they are
    /// stale and the next create removes them. E.g. the lab's launcher, when a helper process builds the network.</summary>
    public int? OwnerPid { get; init; }

    /// <summary>The delay line binary; null looks for <c>src/Network/DelayLine/build/current/delay-line</c> above this program.</summary>
    public string? DelayLineBinary { get; init; }

    /// <summary>Null: netem where the kernel has it (tried once, for real, at create), else the delay line.</summary>
    public LinkMechanism? Mechanism { get; init; }

    public DelayLineUse DelayLineUse { get; init; } = DelayLineUse.WhenNeeded;
}

/// <summary>When a host's frames go through its delay line.</summary>
public enum DelayLineUse
{
    /// <summary>Only while something needs it (latency or jitter without netem, an outage); else the veth sits on the bridge.</summary>
    WhenNeeded,

    /// <summary>Always once settings are applied, even with nothing to delay: to measure what the delay line costs.</summary>
    Always,
}
