using System.Globalization;
using System.Text;

namespace MigrationAspire.Contracts;

/// <summary>
/// Text from a request quoted back in an error message or key: cut short, so one long value cannot make a long
/// answer, and with control and formatting characters written as <c>U+001B</c>, so nothing reaches a terminal raw.
/// </summary>
public static class Echo
{
    public const int MaxLength = 60;

    public static string Of(string text, int maxLength = MaxLength)
    {
        if (text.Length <= maxLength && FreeText.Problem("", text) is null)
            return text;
        var shown = new StringBuilder();
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (++count > maxLength)
                return shown.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)").ToString();
            if (FreeText.IsPrintable(rune))
                shown.Append(rune.ToString());
            else
                shown.Append(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
        }
        return shown.ToString();
    }
}
