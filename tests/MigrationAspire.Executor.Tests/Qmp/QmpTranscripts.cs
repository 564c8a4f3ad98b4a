namespace MigrationAspire.Executor.Tests.Qmp;

/// <summary>Lines captured verbatim from QEMU 10.0.2 (Debian bookworm-backports) during real migrations.</summary>
internal static class QmpTranscripts
{
    public const string Greeting =
        """{"QMP": {"version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1"}, "capabilities": ["oob"]}}""";

    public const string QueryStatusRunning = """{"status": "running", "running": true}""";

    public const string QueryMigrateActive =
        """{"expected-downtime": 300, "status": "active", "setup-time": 1, "total-time": 2001, "ram": {"total": 67641344, "postcopy-requests": 0, "dirty-sync-count": 1, "multifd-bytes": 0, "pages-per-second": 1280, "downtime-bytes": 0, "page-size": 4096, "remaining": 56438784, "postcopy-bytes": 0, "mbps": 42.026400000000002, "transferred": 10508399, "dirty-sync-missed-zero-copy": 0, "precopy-bytes": 10507977, "duplicate": 175, "dirty-pages-rate": 0, "normal-bytes": 10485760, "normal": 2560}}""";

    public const string QueryMigrateCompletedWithXbzrle =
        """{"xbzrle-cache": {"encoding-rate": 0, "bytes": 0, "cache-size": 67108864, "cache-miss-rate": 0, "pages": 0, "overflow": 0, "cache-miss": 3}, "status": "completed", "setup-time": 1, "downtime": 3, "total-time": 604, "ram": {"total": 67641344, "postcopy-requests": 0, "dirty-sync-count": 3, "multifd-bytes": 0, "pages-per-second": 16400, "downtime-bytes": 107047, "page-size": 4096, "remaining": 0, "postcopy-bytes": 0, "mbps": 9.8191840796019889, "transferred": 740121, "dirty-sync-missed-zero-copy": 0, "precopy-bytes": 520860, "duplicate": 16400, "dirty-pages-rate": 0, "normal-bytes": 479232, "normal": 117}}""";

    public const string QueryMigrateFailed =
        """{"status": "failed", "error-desc": "Failed to connect to '127.0.0.1:47999': Connection refused"}""";

    public const string QueryMigrateIncomingSetup =
        """{"status": "setup", "socket-address": [{"port": "47011", "ipv4": true, "host": "127.0.0.1", "type": "inet"}]}""";

    public const string QueryDirtyRateMeasured =
        """{"status": "measured", "sample-pages": 512, "dirty-rate": 0, "mode": "page-sampling", "calc-time-unit": "second", "start-time": 1796012714, "calc-time": 1}""";

    public const string MigrationCapabilitiesSubset =
        """[{"state": false, "capability": "xbzrle"}, {"state": false, "capability": "auto-converge"}, {"state": true, "capability": "events"}, {"state": false, "capability": "postcopy-ram"}, {"state": false, "capability": "multifd"}]""";

    public const string MigrationActiveEvent =
        """{"timestamp": {"seconds": 1796012734, "microseconds": 811383}, "event": "MIGRATION", "data": {"status": "active"}}""";

    public const string MigrationPassEvent =
        """{"timestamp": {"seconds": 1796012734, "microseconds": 811340}, "event": "MIGRATION_PASS", "data": {"pass": 1}}""";

    public const string StopEvent = """{"timestamp": {"seconds": 1796012736, "microseconds": 911255}, "event": "STOP"}""";

    public const string MigrationCompletedEvent =
        """{"timestamp": {"seconds": 1796012736, "microseconds": 985738}, "event": "MIGRATION", "data": {"status": "completed"}}""";

    public static string Event(string name, string status) =>
        $$$"""{"timestamp": {"seconds": 1796012734, "microseconds": 1}, "event": "{{{name}}}", "data": {"status": "{{{status}}}"}}""";
}
