using System.Globalization;
using System.Text;

namespace MigrationAspire.Contracts;

/// <summary>
/// The rule for text people type (names, reasons): printable characters only. Names end up in tables, file names,
/// plot titles and terminals, where a control character (NUL, ESC colour codes, CR LF "headers") or an invisible
/// format character (a right-to-left override, a zero-width space) would forge or hide what is shown.
/// </summary>
public static class FreeText
{
    /// <summary>
    /// Why <paramref name="text"/> cannot be stored as <paramref name="path"/>, or null when it can. Refused: Unicode
    /// categories Cc (C0, DEL, C1), Cf (bidi overrides and isolates, zero-width characters, BOM) and the line and
    /// paragraph separators U+2028/U+2029, which break lines like CR LF. The message names the first such character
    /// by code point and position, never by echoing it.
    /// </summary>
    public static string? Problem(string path, string text)
    {
        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            position++;
            if (!IsPrintable(rune))
                return string.Create(CultureInfo.InvariantCulture,
                    $"{path} must be printable text: it holds the {Kind(rune)} U+{rune.Value:X4} at character {position}; control and invisible formatting characters are refused.");
        }
        return null;
    }

    internal static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) is not
        (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate);

    private static string Kind(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control ? "control character" : "invisible formatting character";
}
