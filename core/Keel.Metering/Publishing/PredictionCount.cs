using System.Globalization;
using CloudNative.CloudEvents;

namespace Keel.Metering;

/// <summary>
/// The predictions an inference usage event paid for, carried as the CloudEvents extension attribute
/// <c>predictions</c> (an integer): the event's data schema is closed, and the count is what the
/// ledger divides by for cost per 1,000 predictions. An event without it served none.
/// </summary>
public static class PredictionCount
{
    public const string Name = "predictions";

    public static CloudEventAttribute Attribute { get; } = CloudEventAttribute.CreateExtension(Name, CloudEventAttributeType.Integer);

    public static void Set(CloudEvent cloudEvent, long predictions)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentOutOfRangeException.ThrowIfNegative(predictions);
        if (predictions > 0)
        {
            // CloudEvents integers are 32-bit; the inference meter seals a series before it gets there.
            cloudEvent[Attribute] = checked((int)predictions);
        }
    }

    /// <summary>The count, whether the transport kept it typed (integer) or as text; 0 when absent or unreadable.</summary>
    public static long Get(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[Name] switch
        {
            int number when number > 0 => number,
            long number when number > 0 => number,
            string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => 0,
        };
    }
}
