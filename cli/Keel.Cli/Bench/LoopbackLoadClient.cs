using System.Net.Sockets;
using System.Text;

namespace Keel.Cli.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends pre-built requests and reads each whole response, as a
/// load generator such as wrk does. The benchmark's clients share the machine with the service they
/// measure; <see cref="HttpClient"/> spends several times the CPU of this per request (headers, handlers,
/// diagnostics), which on two cores is taken from the service and shows up as the service's slowness.
/// Answers must carry Content-Length (the inference service's do); anything else is refused by name.
/// </summary>
internal sealed class LoopbackLoadClient : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private const string ContentLength = "content-length:";

    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];

    private LoopbackLoadClient(Socket socket) => _socket = socket;

    public static async Task<LoopbackLoadClient> ConnectAsync(Uri address, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, ct);
            return new LoopbackLoadClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of a POST with a JSON body, built once and sent as often as wanted.</summary>
    public static byte[] Post(Uri address, string path, string? authorization, byte[] body)
    {
        var head = new StringBuilder()
            .Append("POST ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(address.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (authorization is not null)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary>Sends the request and reads its whole response; throws with the answer unless the status is 2xx.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> request, CancellationToken ct)
    {
        while (!request.IsEmpty)
        {
            request = request[await _socket.SendAsync(request, SocketFlags.None, ct)..];
        }
        var received = 0;
        var total = -1;
        var headerLength = -1;
        while (total < 0 || received < total)
        {
            if (received == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(received), SocketFlags.None, ct);
            if (read == 0)
            {
                throw new IOException("The service closed the connection in the middle of an answer.");
            }
            received += read;
            if (total < 0 && _buffer.AsSpan(0, received).IndexOf(HeaderEnd) is var end and >= 0)
            {
                headerLength = end + HeaderEnd.Length;
                total = headerLength + BodyLength(_buffer.AsSpan(0, end));
            }
        }
        if (received != total)
        {
            throw new IOException($"The service sent {received - total} bytes more than its answer.");
        }
        var status = int.Parse(Encoding.ASCII.GetString(_buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
        if (status is < 200 or > 299)
        {
            throw new InvalidOperationException($"infer answered {status}: {Encoding.UTF8.GetString(_buffer, headerLength, total - headerLength)}");
        }
    }

    public void Dispose() => _socket.Dispose();

    private static int BodyLength(ReadOnlySpan<byte> header)
    {
        var text = Encoding.ASCII.GetString(header).ToLowerInvariant();
        var at = text.IndexOf(ContentLength, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new NotSupportedException($"The answer has no Content-Length (chunked?), which this load client does not read: {text.Split("\r\n")[0]}");
        }
        var start = at + ContentLength.Length;
        var stop = text.IndexOf("\r\n", start, StringComparison.Ordinal);
        return int.Parse(text.AsSpan(start, (stop < 0 ? text.Length : stop) - start).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
