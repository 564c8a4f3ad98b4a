using System.Globalization;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// What a source QEMU may be told to migrate to. QEMU runs <c>exec:</c> URIs through <c>/bin/sh</c> and writes to any
/// <c>unix:</c> or <c>fd:</c> target: a command off the bus must never reach it unchecked. Only
/// <c>tcp:&lt;address&gt;:&lt;port&gt;</c> passes, the address being the one the destination host advertises.
/// </summary>
public static class MigrationUriRule
{
    /// <summary>Why <paramref name="uri"/> is refused for host <paramref name="destinationHost"/>; null when it may go to QEMU.</summary>
    public static string? Refusal(string uri, string destinationHost, string? advertisedAddress)
    {
        if (advertisedAddress is null)
            return $"the migration URI '{Shown(uri)}' cannot be checked: host {destinationHost} has not advertised its migration address";
        var host = advertisedAddress.Contains(':') ? $"[{advertisedAddress}]" : advertisedAddress;
        var prefix = $"tcp:{host}:";
        if (!uri.StartsWith("tcp:", StringComparison.Ordinal))
            return $"the migration URI '{Shown(uri)}' is refused: only tcp:<address>:<port> is accepted";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return $"the migration URI '{Shown(uri)}' is refused: host {destinationHost} listens at {advertisedAddress}, not there";
        var port = uri[prefix.Length..];
        return port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)
            && int.Parse(port, CultureInfo.InvariantCulture) is > 0 and <= 65535
            ? null
            : $"the migration URI '{Shown(uri)}' is refused: '{Shown(port)}' is not a port (1-65535, digits only, no options)";
    }

    // The URI came off the bus: shown in a reason and a log, it must stay one short printable line.
    private static string Shown(string text)
    {
        var printable = new string(text.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 120 ? printable + "…" : printable;
    }
}
