using System.Text.Json;

namespace MigrationAspire.Network.Topology;

/// <summary>Picks the lab's subnet so that no interface or route of the machine already uses it.</summary>
internal static class SubnetChoice
{
    public static async Task<Subnet> ChooseAsync(LabNames names, string? wanted, CancellationToken ct)
    {
        var used = await MachineSubnetsAsync(ct);
        if (wanted is not null)
        {
            Subnet subnet;
            try { subnet = Subnet.Parse(wanted); }
            catch (FormatException e) { throw new ArgumentException($"LabNetworkOptions.Subnet: {e.Message}", nameof(wanted), e); }
            var clash = used.FirstOrDefault(subnet.Overlaps);
            return clash is null
                ? subnet
                : throw new ArgumentException($"LabNetworkOptions.Subnet {subnet} overlaps {clash}, which this machine already uses.", nameof(wanted));
        }
        return Subnet.CandidatesFor(names).FirstOrDefault(c => !used.Any(c.Overlaps))
            ?? throw new InvalidOperationException("Every /24 in 10.64.0.0-10.191.255.0 overlaps a subnet this machine uses: set LabNetworkOptions.Subnet.");
    }

    /// <summary>The subnets of the machine's own addresses and routes (the root namespace; the default route excluded).</summary>
    private static async Task<IReadOnlyList<Subnet>> MachineSubnetsAsync(CancellationToken ct)
    {
        var found = new List<Subnet>();
        using (var addresses = JsonDocument.Parse(await Ip.RunAsync(ct, "-j", "-4", "addr", "show")))
        {
            foreach (var info in addresses.RootElement.EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray()))
                found.Add(Normalise(info.GetProperty("local").GetString()!, info.GetProperty("prefixlen").GetInt32()));
        }
        using (var routes = JsonDocument.Parse(await Ip.RunAsync(ct, "-j", "-4", "route", "show", "table", "all")))
        {
            foreach (var route in routes.RootElement.EnumerateArray())
            {
                var dst = route.GetProperty("dst").GetString()!;
                if (dst == "default") continue;
                var parts = dst.Split('/');
                if (System.Net.IPAddress.TryParse(parts[0], out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    found.Add(Normalise(parts[0], parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 32));
            }
        }
        return found;
    }

    private static Subnet Normalise(string address, int prefixLength)
    {
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(address).GetAddressBytes());
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return new Subnet(value & mask, prefixLength);
    }
}
