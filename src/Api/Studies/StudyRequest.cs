namespace MigrationAspire.Api.Studies;

/// <summary>The body of <c>POST /api/studies</c>: <c>{"preset": "seed"}</c>.</summary>
public sealed record StudyRequest
{
    public string? Preset { get; init; }
}

/// <summary>A preset as <c>GET /api/studies/presets</c> lists it.</summary>
public sealed record PresetView(string Name, string Description, int Runs, IReadOnlyList<PresetExperimentView> Experiments);

public sealed record PresetExperimentView(Contracts.SeedExperiment Experiment, string Name, int Runs);

/// <summary>
/// A study with its findings, computed by analytics from the runs stored so far (null, with
/// <see cref="FindingsUnavailable"/> saying why, when analytics did not answer).
/// </summary>
public sealed record StudyDetail(
    Contracts.StudyView Study, System.Text.Json.JsonElement? Findings, string? FindingsUnavailable, string Report);
