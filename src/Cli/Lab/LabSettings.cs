using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Lab;

/// <summary>What every command shares: which lab to talk to.</summary>
internal class LabSettings : CommandSettings
{
    public const string DefaultApi = "http://localhost:5080";
    public const string ApiVariable = "LAB_API";

    [CommandOption("--api <URL>")]
    [Description("The lab's API address (default: $LAB_API, else " + DefaultApi + ").")]
    public string? Api { get; set; }

    public Uri ApiAddress => Parse(Api ?? Environment.GetEnvironmentVariable(ApiVariable) ?? DefaultApi)!;

    public override ValidationResult Validate() =>
        Parse(Api ?? Environment.GetEnvironmentVariable(ApiVariable) ?? DefaultApi) is null
            ? ValidationResult.Error($"--api (or ${ApiVariable}) must be an http:// or https:// address such as {DefaultApi} (was '{Api ?? Environment.GetEnvironmentVariable(ApiVariable)}').")
            : ValidationResult.Success();

    /// <summary>An absolute http(s) address with a trailing slash, so relative paths append to it; null when it is not one.</summary>
    internal static Uri? Parse(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : null;
}

/// <summary>Commands about one experiment.</summary>
internal class ExperimentSettings : LabSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The experiment's id, e.g. exp-1a2b3c4d.")]
    public string Id { get; set; } = "";
}
