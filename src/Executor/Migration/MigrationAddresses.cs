using System.Collections.Concurrent;
using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Migration;

/// <summary>The migration address each host of the lab advertises in its heartbeat: where a source may send a guest.</summary>
public sealed class MigrationAddresses
{
    private readonly ConcurrentDictionary<string, string> byHost = new(StringComparer.Ordinal);

    public void Learn(HostReport report) => byHost[report.Host] = report.MigrationAddress;

    public string? Of(string host) => byHost.GetValueOrDefault(host);

    /// <summary>
    /// The address of <paramref name="host"/>, waiting up to <paramref name="patience"/> for its first heartbeat
    /// (an executor that just started has not heard every host yet).
    /// </summary>
    public async Task<string?> OfAsync(string host, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (Of(host) is null && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        return Of(host);
    }
}
