using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Commands about one version of a model: <c>&lt;model&gt; &lt;version&gt;</c>.</summary>
public class ModelVersionSettings : ClientSettings
{
    [CommandArgument(0, "<model>")]
    [Description("The registered model.")]
    public string Model { get; init; } = "";

    [CommandArgument(1, "<version>")]
    [Description("The version number.")]
    public int Version { get; init; }

    public override ValidationResult Validate() =>
        Version < 1 ? ValidationResult.Error("<version>: a version number, 1 or more") : ValidationResult.Success();
}
