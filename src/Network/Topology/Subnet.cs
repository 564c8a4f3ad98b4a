using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace MigrationAspire.Network.Topology;

/// <summary>An IPv4 subnet the lab owns; host <c>i</c> gets the subnet's address <c>i</c> (1, 2, …).</summary>
public sealed record Subnet(uint Network, int PrefixLength)
{
    private uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public int HostCapacity => (int)Math.Min((1L << (32 - PrefixLength)) - 2, int.MaxValue);

    /// <exception cref="FormatException">Not <c>a.b.c.d/len</c> with len 16–29 and no host bits set.</exception>
    public static Subnet Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length is < 16 or > 29)
            throw new FormatException($"Subnet '{text}' is not an IPv4 prefix like 10.77.3.0/24 (prefix length 16-29).");
        var subnet = new Subnet(ToUInt(address), length);
        if ((subnet.Network & ~subnet.Mask) != 0)
            throw new FormatException($"Subnet '{text}' has host bits set; did you mean {new Subnet(subnet.Network & subnet.Mask, length)}?");
        return subnet;
    }

    /// <summary>The lab's default: 10.(64–191).(0–255).0/24 from the lab id, then the next /24s.</summary>
    public static IEnumerable<Subnet> CandidatesFor(LabNames names)
    {
        var id = Convert.FromHexString(names.LabId);
        var start = ((64 + id[0] % 128) << 8) | id[1];
        for (var i = 0; i < 128 * 256; i++)
        {
            var n = 64 * 256 + (start - 64 * 256 + i) % (128 * 256);
            yield return new Subnet((10u << 24) | ((uint)n << 8), 24);
        }
    }

    public IPAddress Host(int index) => index >= 1 && index <= HostCapacity
        ? FromUInt(Network + (uint)index)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} has host addresses 1-{HostCapacity}.");

    public bool Contains(IPAddress address) => (ToUInt(address) & Mask) == Network;

    public bool Overlaps(Subnet other)
    {
        var mask = PrefixLength < other.PrefixLength ? Mask : other.Mask;
        return (Network & mask) == (other.Network & mask);
    }

    public override string ToString() => $"{FromUInt(Network)}/{PrefixLength}";

    private static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
