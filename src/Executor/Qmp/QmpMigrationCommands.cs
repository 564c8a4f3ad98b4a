namespace MigrationAspire.Executor.Qmp;

/// <summary>Typed wrappers for the migration commands of QEMU 10.0.</summary>
public static class QmpMigrationCommands
{
    /// <summary>
    /// Starts an outgoing migration, e.g. to <c>tcp:127.0.0.1:4444</c> or <c>unix:/path</c>. Returns
    /// as soon as QEMU accepted it; progress comes from <c>query-migrate</c> and <c>MIGRATION</c> events.
    /// QEMU 10 also accepts a <c>channels</c> list instead of <c>uri</c>; a URI is enough here.
    /// </summary>
    /// <param name="resume">Resume a paused post-copy migration over a new connection.</param>
    public static Task MigrateAsync(
        this QmpClient client, string uri, bool resume = false, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate", new { Uri = uri, Resume = resume ? true : (bool?)null }, cancellationToken: cancellationToken);

    /// <summary>
    /// On a destination started with <c>-incoming defer</c>: listen on <paramref name="uri"/>.
    /// With <paramref name="exitOnError"/> false QEMU stays up after a failed incoming migration so
    /// its error can be queried (QEMU's default is to exit).
    /// </summary>
    public static Task MigrateIncomingAsync(
        this QmpClient client, string uri, bool? exitOnError = null, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-incoming", new { Uri = uri, ExitOnError = exitOnError }, cancellationToken: cancellationToken);

    /// <summary>Cancels the outgoing migration; the status goes through <c>cancelling</c> to <c>cancelled</c>.</summary>
    public static Task MigrateCancelAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate_cancel", cancellationToken: cancellationToken);

    /// <summary>Switches a running pre-copy to post-copy; needs <c>postcopy-ram</c> on both sides.</summary>
    public static Task MigrateStartPostcopyAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-start-postcopy", cancellationToken: cancellationToken);

    /// <summary>
    /// Post-copy only, on either side: shuts the migration stream as a broken link would, and the migration goes to
    /// <c>postcopy-paused</c>. A side whose peer vanished behind a dead link notices nothing by itself: pause it.
    /// </summary>
    public static Task MigratePauseAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-pause", cancellationToken: cancellationToken);

    /// <summary>
    /// On a destination in <c>postcopy-paused</c>: listen on <paramref name="uri"/> for the source's <c>migrate</c> with
    /// <c>resume</c>. The new listener replaces the old one in <c>query-migrate</c>'s socket-address.
    /// </summary>
    public static Task MigrateRecoverAsync(this QmpClient client, string uri, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-recover", new { Uri = uri }, cancellationToken: cancellationToken);

    public static Task<MigrationInfo> QueryMigrateAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<MigrationInfo>("query-migrate", cancellationToken: cancellationToken);

    /// <summary>Capabilities must be set before <c>migrate</c>; unknown names fail with GenericError.</summary>
    public static Task SetMigrationCapabilitiesAsync(
        this QmpClient client, IEnumerable<MigrationCapabilityState> capabilities, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-set-capabilities", new { Capabilities = capabilities.ToArray() }, cancellationToken: cancellationToken);

    public static Task<IReadOnlyList<MigrationCapabilityState>> QueryMigrationCapabilitiesAsync(
        this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<IReadOnlyList<MigrationCapabilityState>>("query-migrate-capabilities", cancellationToken: cancellationToken);

    /// <summary>The capability names this QEMU knows, to check before relying on one.</summary>
    public static async Task<IReadOnlySet<string>> GetSupportedMigrationCapabilitiesAsync(
        this QmpClient client, CancellationToken cancellationToken = default)
    {
        var capabilities = await client.QueryMigrationCapabilitiesAsync(cancellationToken);
        return capabilities.Select(c => c.Capability).ToHashSet(StringComparer.Ordinal);
    }

    public static Task SetMigrationParametersAsync(
        this QmpClient client, MigrationParameters parameters, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("migrate-set-parameters", parameters, cancellationToken: cancellationToken);

    public static Task<MigrationParameters> QueryMigrationParametersAsync(
        this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<MigrationParameters>("query-migrate-parameters", cancellationToken: cancellationToken);
}
