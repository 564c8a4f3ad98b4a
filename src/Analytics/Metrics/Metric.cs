using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Metrics;

/// <summary>One measured quantity of a run: its public name (also its column), its unit, and how to read it.</summary>
public sealed record Metric(string Name, string Unit, bool Summarized, Func<MigrationResult, double?> Read)
{
    public string Label => $"{Name} ({Unit})";
}
