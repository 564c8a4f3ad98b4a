using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>The lab's public API as a user scripts it: JSON in, JSON out, the spec's own serializer settings.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = SpecJson.Options;

    public static async Task<ExperimentView> PostExperimentAsync(this HttpClient api, string specJson)
    {
        using var content = new StringContent(specJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.PostAsync("/api/experiments", content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /api/experiments gave {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ExperimentView>(body, Json)!;
    }

    public static async Task<T> GetJsonAsync<T>(this HttpClient api, string path) =>
        (await api.GetFromJsonAsync<T>(path, Json))!;

    /// <summary>
    /// Like <see cref="GetJsonAsync{T}"/>, but waits out a 503 (a part of the lab that is down, named in the problem, and
    /// being started again) for as long as <paramref name="patience"/> allows, as a user's script would.
    /// </summary>
    public static async Task<T> GetJsonPatientlyAsync<T>(this HttpClient api, string path, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            using var response = await api.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<T>(Json))!;
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta is { } wait && wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Polls until the experiment reaches a final status, or fails with what it last looked like.</summary>
    public static async Task<ExperimentView> WaitForFinalAsync(this HttpClient api, string experimentId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ExperimentView view;
        do
        {
            view = await api.GetJsonPatientlyAsync<ExperimentView>($"/api/experiments/{experimentId}", TimeSpan.FromMinutes(2));
            if (view.Status.IsFinal())
                return view;
            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);
        var runs = await api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{experimentId}/runs");
        throw new TimeoutException($"experiment {experimentId} still {view.Status} after {timeout}: " +
            string.Join("; ", runs.Select(r => $"{r.Plan.RunId} {r.Status} {r.Step} {r.SourceHost}->{r.DestinationHost} {r.FailureReason}")));
    }
}
