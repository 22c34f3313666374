using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Keel.Features.Redis;

/// <summary>The Lua script that applies last-writer-wins to one entity inside Redis, atomically.</summary>
internal static class RedisOnlineScripts
{
    public const string EventTimeField = "__ts";
    public const string EventIdField = "__id";
    public const string ViewVersionField = "__ver";

    /// <summary>Feature fields carry this prefix so no feature name can collide with the fields above.</summary>
    public const string FeaturePrefix = "f:";

    /// <summary>
    /// KEYS[1] the entity's hash, KEYS[2] the view's set of entity keys; ARGV[1] the event time as
    /// 19-digit zero-padded ticks, ARGV[2] the event id, ARGV[3] the view version, ARGV[4] the entity
    /// key, ARGV[5..] feature field and value pairs. Returns 1 when the row replaced the record, 0
    /// when the stored event is newer or the same.
    /// </summary>
    /// <remarks>
    /// Ticks do not fit a Lua number (a double) exactly, so they travel as fixed-width digits and
    /// compare as text. Text is compared byte by byte rather than with Lua's <c>&lt;</c>, which
    /// follows the server's locale; byte order is also how SQLite orders the embedded store's ids.
    /// The hash is deleted before it is written so a feature the newer row lacks does not linger.
    /// </remarks>
    public const string Write = """
        local function compare(a, b)
          if a == b then return 0 end
          for i = 1, math.min(#a, #b) do
            local x, y = string.byte(a, i), string.byte(b, i)
            if x ~= y then
              if x < y then return -1 end
              return 1
            end
          end
          if #a < #b then return -1 end
          return 1
        end

        local current = redis.call('HMGET', KEYS[1], '__ts', '__id')
        if current[1] then
          local order = compare(ARGV[1], current[1])
          if order < 0 or (order == 0 and compare(ARGV[2], current[2] or '') <= 0) then
            return 0
          end
          redis.call('DEL', KEYS[1])
        end
        redis.call('HSET', KEYS[1], '__ts', ARGV[1], '__id', ARGV[2], '__ver', ARGV[3])
        -- In slices, because unpack of thousands of arguments would overflow Lua's stack.
        for i = 5, #ARGV, 200 do
          redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
        end
        redis.call('SADD', KEYS[2], ARGV[4])
        return 1
        """;

    // SHA-1 is what Redis names a cached script by; nothing here relies on it being secure.
    private static readonly byte[] WriteHash = SHA1.HashData(Encoding.UTF8.GetBytes(Write));

    /// <summary>
    /// Sends one script call per row in a single pipeline: EVALSHA by the script's hash, or with
    /// <paramref name="useHash"/> false the script's text (EVAL). Returns the positions of the
    /// calls the server answered NOSCRIPT, which were not applied; any other error is thrown.
    /// </summary>
    /// <remarks>
    /// The fallback is done here rather than left to the client library's own script cache,
    /// because that retry did not complete for EVALSHA calls inside a batch (the tasks hung).
    /// </remarks>
    public static async Task<List<int>> RunWriteAsync(IDatabase database, IReadOnlyList<(RedisKey[] Keys, RedisValue[] Args)> calls, bool useHash)
    {
        var batch = database.CreateBatch();
        var pending = new Task[calls.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = useHash
                ? batch.ScriptEvaluateAsync(WriteHash, calls[i].Keys, calls[i].Args, CommandFlags.NoScriptCache)
                : batch.ScriptEvaluateAsync(Write, calls[i].Keys, calls[i].Args, CommandFlags.NoScriptCache);
        }
        batch.Execute();

        var forgotten = new List<int>();
        for (var i = 0; i < pending.Length; i++)
        {
            try
            {
                await pending[i].ConfigureAwait(false);
            }
            catch (RedisServerException error) when (useHash && error.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                forgotten.Add(i);
            }
        }
        return forgotten;
    }
}
