using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Keel.Kafka;

/// <summary>
/// Sends librdkafka's own log lines and client errors to the host's logger instead of stderr,
/// so broker disconnects and retries show up next to Keel's messages.
/// </summary>
internal static class KafkaClientLog
{
    public static void Write(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            logger.Log(level, "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);
        }
    }

    /// <summary>
    /// Client errors are mostly transient (a broker went away and librdkafka reconnects by itself),
    /// so they are warnings; a fatal one means the client can no longer guarantee delivery.
    /// </summary>
    public static void Error(ILogger logger, Error error)
    {
        if (error.IsFatal)
        {
            logger.LogCritical("Kafka client fatal error {Code}: {Reason}", error.Code, error.Reason);
        }
        else
        {
            logger.LogWarning("Kafka client error {Code}: {Reason}", error.Code, error.Reason);
        }
    }
}
