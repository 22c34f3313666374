using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.Audit.Tests;

/// <summary>The encodings hashed and signed: pinned to values computed independently from the README's description.</summary>
public sealed class EncodingTests
{
    private static readonly DateTimeOffset Time = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static readonly AuditEntry First = new(1, Time, "acme", "alice", "model.registered", "model:credit_risk:3",
        """{"stage":"Staging","version":3}""", "000102030405060708090a0b0c0d0e0f", AuditHash.Genesis, "");

    // Computed with a short Python script from the README's Encoding section alone, not from this code.
    private const string FirstDigest = "847792afb78040f77580f01073efa75b560e322d7ca66a3cac1758176bf71b47";
    private const string FirstHash = "c19fb61cb00251728e3d71d47ce26c708674d0b3216e430b001c375bce79b6ba";
    private const string SecondDigest = "f94390dc281181fbceee64cbd0e2a6c2a01507c9ec90ff0419e1f78b40a52ce1";
    private const string SecondHash = "333ca528a573054a3b2f3c3fe1d835dee9ac3db743cc58dc94000e504dcc0099";

    private static readonly AuditEntry Second = new(2, Time.AddSeconds(1), "acme", "bob", "approval.granted", "model:credit_risk:3", "{}",
        "f0e1d2c3b4a5968778695a4b3c2d1e0f", FirstHash, "");

    [Fact]
    public void An_entry_hashes_to_the_documented_value()
    {
        Assert.Equal(FirstDigest, AuditHash.Digest(First));
        Assert.Equal(FirstHash, AuditHash.Compute(First));
        Assert.Equal(SecondDigest, AuditHash.Digest(Second));
        Assert.Equal(SecondHash, AuditHash.Compute(Second));
    }

    [Fact]
    public void The_hash_links_the_content_digest_to_the_previous_hash_as_raw_bytes()
    {
        // Built by hand: tag, sequence, time, five fields, salt; then the digest and the previous hash, 32 raw bytes each.
        static byte[] Int64(long value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            return bytes;
        }
        static byte[] Field(string text)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)Encoding.UTF8.GetByteCount(text));
            return [.. length, .. Encoding.UTF8.GetBytes(text)];
        }
        byte[] encoding =
        [
            .. Field("keel.audit.entry.v2"), .. Int64(2), .. Int64(Time.AddSeconds(1).ToUnixTimeMilliseconds()),
            .. Field("acme"), .. Field("bob"), .. Field("approval.granted"), .. Field("model:credit_risk:3"), .. Field("{}"),
            .. Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f"),
        ];
        var digest = SHA256.HashData(encoding);

        Assert.Equal(SecondDigest, Convert.ToHexStringLower(digest));
        Assert.Equal(SecondHash, Convert.ToHexStringLower(SHA256.HashData([.. digest, .. Convert.FromHexString(FirstHash)])));
        Assert.Equal(SecondHash, AuditHash.Link(SecondDigest, FirstHash));
    }

    [Fact]
    public void A_sealed_entry_hashes_from_its_digest_alone_to_the_same_value()
    {
        var sealedEntry = AuditSealedEntry.Of(Second with { Hash = SecondHash });

        Assert.Equal(new AuditSealedEntry(2, SecondDigest, FirstHash, SecondHash), sealedEntry);
        Assert.Equal(SecondHash, AuditHash.Compute(sealedEntry));
        Assert.Null(AuditHash.Compute(sealedEntry with { Digest = SecondDigest.ToUpperInvariant() }));
    }

    [Fact]
    public void A_checkpoint_signs_the_documented_bytes()
    {
        var checkpoint = new AuditCheckpoint(2, SecondHash, Time.AddSeconds(2), "k1", "");

        Assert.Equal("f0f17e26dff8ddc74a4a5f5c2f8ee3ac5df2262f627865d053a17ea022219686", Convert.ToHexStringLower(SHA256.HashData(checkpoint.SignedBytes()!)));
    }

    [Fact]
    public void Moving_text_across_a_field_boundary_changes_the_hash()
    {
        Assert.NotEqual(AuditHash.Compute(First with { Actor = "alicemodel", Action = ".registered" }), AuditHash.Compute(First with { Actor = "alice", Action = "model.registered" }));
        Assert.NotEqual(AuditHash.Compute(First with { Target = "model:credit_risk:3{", Details = "}" }), AuditHash.Compute(First with { Target = "model:credit_risk:3", Details = "{}" }));
    }

    [Fact]
    public void Every_field_and_the_previous_hash_are_covered()
    {
        var hash = AuditHash.Compute(First);
        var changed = new[]
        {
            First with { Sequence = 2 },
            First with { Time = Time.AddMilliseconds(1) },
            First with { Tenant = "acmf" },
            First with { Actor = "alicf" },
            First with { Action = "model.registeref" },
            First with { Target = "model:credit_risk:4" },
            First with { Details = """{"stage":"Staging","version":4}""" },
            First with { Salt = "000102030405060708090a0b0c0d0e0e" },
            First with { PreviousHash = new string('0', 63) + "1" },
        };
        Assert.All(changed, entry => Assert.NotEqual(hash, AuditHash.Compute(entry)));
    }

    [Fact]
    public void A_hash_spelled_other_than_lower_case_hex_is_not_a_hash()
    {
        Assert.Null(AuditHash.Compute(First with { PreviousHash = AuditHash.Genesis.ToUpperInvariant().Replace('0', 'A') }));
        Assert.Null(AuditHash.Compute(First with { PreviousHash = "00" }));
        Assert.Null(AuditHash.Compute(First with { Actor = "ali\ud800ce" }));
        Assert.Null(AuditHash.Compute(First with { Salt = "000102030405060708090A0B0C0D0E0F" }));
        Assert.Null(AuditHash.Compute(First with { Salt = "0001" }));
    }

    [Fact]
    public void Details_are_written_with_sorted_keys_at_every_level_and_no_whitespace()
    {
        var details = JsonNode.Parse("""{ "b": 1, "a": { "d": [2, { "z": 0, "y": 1 }], "c": null }, "A": "é<" }""")!.AsObject();

        Assert.Equal("""{"A":"\u00E9\u003C","a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}""", CanonicalJson.Serialize(details));
    }

    [Fact]
    public void The_same_details_in_another_order_hash_alike()
    {
        var one = CanonicalJson.Serialize(new JsonObject { ["gate"] = "bias", ["passed"] = true });
        var other = CanonicalJson.Serialize(new JsonObject { ["passed"] = true, ["gate"] = "bias" });

        Assert.Equal(one, other);
        Assert.Equal("{}", CanonicalJson.Serialize(null));
    }
}
