using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace Keel.Cli.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection with at most one request in flight: sends pre-built request
/// bytes and reads the answer as it arrives, without blocking on it, so that one thread can drive
/// many connections (<see cref="LoopbackLoadGenerator"/>). Answers must carry Content-Length (the
/// inference service's do); anything else is refused by name.
/// </summary>
public sealed class LoopbackConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();

    private byte[] _buffer = new byte[16 * 1024];
    private int _received;
    private int _total = -1;
    private int _headerLength;

    private LoopbackConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>When the request in flight was sent (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long SentAt { get; private set; }

    public static LoopbackConnection Connect(Uri address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(address.Host, address.Port);
            return new LoopbackConnection(socket);
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

    /// <summary>Sends a request; the previous answer must have been read whole.</summary>
    public void Send(byte[] request, long now)
    {
        _received = 0;
        _total = -1;
        SentAt = now;
        var sent = 0;
        while (sent < request.Length)
        {
            sent += Socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        }
    }

    /// <summary>
    /// Reads what has arrived (the socket must be readable); true once the whole answer is in.
    /// Throws with the answer unless its status is 2xx, and when the service closes the connection
    /// or sends more than one answer.
    /// </summary>
    public bool Receive()
    {
        if (_received == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = Socket.Receive(_buffer, _received, _buffer.Length - _received, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The service closed the connection in the middle of an answer.");
        }
        _received += read;
        if (_total < 0 && _buffer.AsSpan(0, _received).IndexOf(HeaderEnd) is var end and >= 0)
        {
            _headerLength = end + HeaderEnd.Length;
            _total = _headerLength + BodyLength(_buffer.AsSpan(0, end));
        }
        if (_total < 0 || _received < _total)
        {
            return false;
        }
        if (_received != _total)
        {
            throw new IOException($"The service sent {_received - _total} bytes more than its answer.");
        }
        var status = _received >= 12 && Utf8Parser.TryParse(_buffer.AsSpan(9, 3), out int code, out _) ? code : 0;
        if (status is < 200 or > 299)
        {
            throw new InvalidOperationException($"infer answered {status}: {Encoding.UTF8.GetString(_buffer, _headerLength, _total - _headerLength)}");
        }
        return true;
    }

    public void Dispose() => Socket.Dispose();

    private static int BodyLength(ReadOnlySpan<byte> header)
    {
        foreach (var range in header.Split("\r\n"u8))
        {
            var line = header[range];
            if (line.Length > ContentLength.Length && Ascii.EqualsIgnoreCase(line[..ContentLength.Length], ContentLength)
                && Utf8Parser.TryParse(line[ContentLength.Length..].Trim((byte)' '), out int length, out _))
            {
                return length;
            }
        }
        var first = header.IndexOf("\r\n"u8) is var stop and >= 0 ? header[..stop] : header;
        throw new NotSupportedException($"The answer has no Content-Length (chunked?), which this load client does not read: {Encoding.ASCII.GetString(first)}");
    }
}
