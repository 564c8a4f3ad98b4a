using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Network;

/// <summary>What one run's link did, for its result; each figure null when the lab did not measure it.</summary>
public sealed record LinkFigures(NetworkKind Network, long? Bytes, double? ThroughputMbps, double? RttMs, double? BandwidthMbit);
