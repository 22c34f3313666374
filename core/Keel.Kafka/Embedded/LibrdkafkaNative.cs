using System.Runtime.InteropServices;

namespace Keel.Kafka;

/// <summary>
/// The few librdkafka entry points the embedded cluster needs: a client handle to own the mock
/// cluster, and the mock cluster API (rdkafka_mock.h). Confluent.Kafka does not expose these.
/// Call <see cref="LibrdkafkaLoader.EnsureRegistered"/> before the first call.
/// </summary>
internal static class LibrdkafkaNative
{
    private const string Lib = LibrdkafkaLoader.LibraryName;

    public const int ProducerType = 0;
    public const int ConfOk = 0;

    [DllImport(Lib)]
    public static extern IntPtr rd_kafka_conf_new();

    [DllImport(Lib)]
    public static extern void rd_kafka_conf_destroy(IntPtr conf);

    [DllImport(Lib)]
    public static extern int rd_kafka_conf_set(
        IntPtr conf,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
        byte[] errstr,
        nuint errstrSize);

    [DllImport(Lib)]
    public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [DllImport(Lib)]
    public static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Lib)]
    public static extern IntPtr rd_kafka_err2str(int err);

    [DllImport(Lib)]
    public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Lib)]
    public static extern void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [DllImport(Lib)]
    public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [DllImport(Lib)]
    public static extern int rd_kafka_mock_topic_create(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partitionCount,
        int replicationFactor);

    [DllImport(Lib)]
    public static extern int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [DllImport(Lib)]
    public static extern int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [DllImport(Lib)]
    public static extern int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [DllImport(Lib)]
    public static extern int rd_kafka_mock_partition_set_leader(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partition,
        int brokerId);

    [DllImport(Lib)]
    public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [DllImport(Lib)]
    public static extern void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [DllImport(Lib)]
    public static extern void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";

    public static string ReadErrorBuffer(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }
}
