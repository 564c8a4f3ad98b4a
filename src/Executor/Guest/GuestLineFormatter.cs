using System.Globalization;
using System.Text;

namespace MigrationAspire.Executor.Guest;

/// <summary>Builds protocol lines and checksums exactly as the guest does.</summary>
public static class GuestLineFormatter
{
    public const string Prefix = "MA2 ";

    /// <summary>
    /// XOR of every byte of <paramref name="text"/>. The protocol is ASCII, where a char is a byte;
    /// callers must have rejected anything else.
    /// </summary>
    public static byte Checksum(ReadOnlySpan<char> text)
    {
        byte sum = 0;
        foreach (var c in text)
            sum ^= (byte)c;
        return sum;
    }

    /// <summary><c>Format("H", 0, 1024, 0)</c> is <c>MA2 H 0 1024 0 *71</c>.</summary>
    public static string Format(string kind, params ReadOnlySpan<object> fields)
    {
        var body = new StringBuilder(Prefix).Append(kind);
        foreach (var field in fields)
            body.Append(' ').Append(Convert.ToString(field, CultureInfo.InvariantCulture));
        return Seal(body.ToString());
    }

    /// <summary>Appends <c> *XX</c> to a body that already starts with <see cref="Prefix"/>.</summary>
    public static string Seal(string body) => $"{body} *{Checksum(body):X2}";
}
