using System.Text.Json;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Experiments;

/// <summary>
/// Every spec field, given values of the wrong type, out of range, beyond a double, or strings that look like
/// numbers, in the body and as a sweep value: each is a 400 naming that field (the sweep value by its index), never
/// a 500 and never a value quietly turned into another.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SpecFieldWalkTests(ApiFixture api)
{
    /// <summary>Wrong for every field, whatever its type.</summary>
    private static readonly string[] WrongForAll = ["{}", "[]", "{\"value\": 1}", "\"\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"0x10\""];

    /// <summary>Wrong for every integer field: not integers, or outside every field's range.</summary>
    private static readonly string[] WrongIntegers =
        ["\"1\"", "true", "1.5", "1e3", "1e400", "-1e400", "2147483647", "2147483648", "-2147483648", "-9223372036854775809", "-1"];

    /// <summary>Wrong for every number field: strings, booleans, infinities and values no field allows.</summary>
    private static readonly string[] WrongNumbers = ["\"0.5\"", "false", "1e400", "-1e400", "1e308", "-1e308", "-1", "-5e-324"];

    /// <summary>Wrong for every true-or-false field: the strings, numbers and words JSON readers sometimes let pass.</summary>
    private static readonly string[] WrongBooleans = ["\"true\"", "\"false\"", "1", "0", "\"yes\"", "[true]"];

    public static TheoryData<string, string> BadValues()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, type) in SpecPaths.Sweepable)
        {
            var core = Nullable.GetUnderlyingType(type) ?? type;
            var values = WrongForAll.Concat(
                core == typeof(int) ? WrongIntegers
                : core == typeof(double) ? WrongNumbers
                : core == typeof(bool) ? WrongBooleans
                : core.IsEnum ? WrongEnums(core)
                : throw new InvalidOperationException($"{path}: no bad values for {core.Name}; add them here"));
            if (Nullable.GetUnderlyingType(type) is null)
                values = values.Append("null");
            foreach (var value in values)
                data.Add(path, value);
        }
        // Negative zero is zero; where zero is out of range, so is it.
        data.Add("migration.maxBandwidthMiBps", "-0");
        data.Add("migration.maxBandwidthMiBps", "-0.0");
        data.Add("workload.hotspotFraction", "-0.0");
        data.Add("vm.vcpus", "-0");
        // Below the smallest bandwidth QEMU holds (SpecLimits.MinBandwidthMiBps).
        data.Add("migration.maxBandwidthMiBps", "1e-9");
        data.Add("migration.maxBandwidthMiBps", "1e-303");
        return data;
    }

    /// <summary>Enum values that the framework's own converter reads as something else: flags, padding, numbers.</summary>
    private static IEnumerable<string> WrongEnums(Type type)
    {
        var names = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, SpecJson.Options).Trim('"')).ToArray();
        return
        [
            "\"warp\"", $"\"{names[0]}, {names[1]}\"", $"\"{names[1]},{names[0]}\"", $"\" {names[0]}\"", $"\"{names[0]} \"",
            "0", "1", "\"1\"", "true", $"[\"{names[0]}\"]", $"\"{names[0]}\\u0000\"",
        ];
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Post_bad_value_in_the_body_returns_400_naming_the_field(string path, string value)
    {
        using var response = await api.Client.PostSpecAsync(Specs.WithJson(Nest(path, value)));

        var problem = await response.ReadValidationProblemAsync();
        Assert.True(problem.Errors.ContainsKey(path), $"{path} = {value}: errors name {string.Join(", ", problem.Errors.Keys)}");
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Post_bad_sweep_value_returns_400_naming_the_sweep_value(string path, string value)
    {
        var sweep = "{\"repetitions\": 1, \"sweep\": {\"" + path + "\": [" + value + "]}}";

        using var response = await api.Client.PostSpecAsync(Specs.WithJson(sweep));

        var problem = await response.ReadValidationProblemAsync();
        var field = $"sweep.{path}[0]";
        Assert.True(problem.Errors.ContainsKey(field), $"{path} = {value}: errors name {string.Join(", ", problem.Errors.Keys)}");
    }

    public static TheoryData<string, string> BadExperimentValues() => new()
    {
        { "name", "1" }, { "name", "true" }, { "name", "{}" }, { "name", "[\"x\"]" }, { "name", "null" }, { "name", "\"\"" },
        { "name", "\"\\u2028\"" }, { "name", $"\"{new string('n', 101)}\"" },
        { "repetitions", "\"2\"" }, { "repetitions", "2.5" }, { "repetitions", "1e400" }, { "repetitions", "0" }, { "repetitions", "-0" },
        { "repetitions", "2147483648" }, { "repetitions", "null" }, { "repetitions", "\"NaN\"" },
        { "maxConcurrentRuns", "\"1\"" }, { "maxConcurrentRuns", "0" }, { "maxConcurrentRuns", "1e400" }, { "maxConcurrentRuns", "-1" },
        { "queueTimeoutSeconds", "\"60\"" }, { "queueTimeoutSeconds", "0" }, { "queueTimeoutSeconds", "-1" }, { "queueTimeoutSeconds", "1e400" },
        { "queueTimeoutSeconds", "604801" }, { "queueTimeoutSeconds", "true" }, { "queueTimeoutSeconds", "\"NaN\"" },
        { "freshVmPerRun", "\"true\"" }, { "freshVmPerRun", "1" }, { "freshVmPerRun", "null" }, { "freshVmPerRun", "\"yes\"" },
        { "sweep", "1" }, { "sweep", "\"vm.vcpus\"" }, { "sweep", "[]" },
    };

    [Theory]
    [MemberData(nameof(BadExperimentValues))]
    public async Task Post_bad_experiment_value_returns_400_naming_the_field(string field, string value)
    {
        using var response = await api.Client.PostSpecAsync(Specs.WithJson("{\"" + field + "\": " + value + "}"));

        var problem = await response.ReadValidationProblemAsync();
        Assert.True(problem.Errors.ContainsKey(field), $"{field} = {value}: errors name {string.Join(", ", problem.Errors.Keys)}");
    }

    /// <summary><c>migration.autoConverge.incrementPercent</c> = v as <c>{"migration": {"autoConverge": {"incrementPercent": v}}}</c>.</summary>
    private static string Nest(string path, string value) =>
        path.Split('.').Reverse().Aggregate(value, (inner, segment) => $"{{\"{segment}\": {inner}}}");
}
