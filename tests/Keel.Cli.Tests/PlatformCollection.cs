namespace Keel.Cli.Tests;

/// <summary>
/// The test classes that start an embedded platform and load the sample into it run one after the
/// other: loading shows a console progress display, of which only one may run at a time, and two
/// platforms training at once would only slow each other on a two-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection
{
    public const string Name = "embedded platform";
}
