namespace Keel.Gates.Settings;

/// <summary>A gate's settings in the spec are wrong; the message names the setting (<c>gates.bias.min_group_size</c>) and what was expected.</summary>
public sealed class GateSettingsException(string message) : Exception(message);
