namespace MigrationAspire.Analytics.Studies;

/// <summary>One claim of the seed study as a testable statement, the statistic that decides it and the verdict.</summary>
public sealed record Finding(string Figure, string Statement, FindingStatistic Statistic, Verdict Verdict, string Rule);

/// <summary>
/// The deciding statistic: a slope (metric units per unit of the swept parameter), a ratio of means, or a mean relative
/// residual, with its 95 % interval and the number of runs (per sample for a ratio: <see cref="N"/> / <see cref="N2"/>).
/// </summary>
public sealed record FindingStatistic(string Kind, double? Value, double? Ci95Low, double? Ci95High, int N, int? N2 = null);
