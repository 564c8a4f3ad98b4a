using System.Net.Http.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Lab;

/// <summary>A study as <c>GET /api/studies/{id}</c> gives it.</summary>
internal sealed record StudyDetail(StudyView Study, List<StudyFinding>? Findings, string? FindingsUnavailable, string Report);

internal sealed record StudyFinding(string Figure, string Statement, StudyStatistic Statistic, string Verdict, string Rule);

internal sealed record StudyStatistic(string Kind, double? Value, double? Ci95Low, double? Ci95High, int N, int? N2);

internal sealed partial class LabClient
{
    public async Task<StudyView> StartStudyAsync(string preset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/studies") { Content = JsonContent.Create(new { preset }) };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<StudyView>(response, cancellationToken);
    }

    public Task<StudyDetail> GetStudyAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<StudyDetail>($"api/studies/{Uri.EscapeDataString(id)}", cancellationToken);
}
