using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Keel.Audit.Tests;

/// <summary>The encodings hashed and signed: pinned to values computed independently from the README's description.</summary>
public sealed class EncodingTests
{
    private static readonly DateTimeOffset Time = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static readonly AuditEntry First = new(1, Time, "acme", "alice", "model.registered", "model:credit_risk:3",
        """{"stage":"Staging","version":3}""", AuditHash.Genesis, "");

    [Fact]
    public void An_entry_hashes_to_the_documented_value()
    {
        Assert.Equal("4d62d5406e06559a84ca759f2140ed2d57c73032fc37580b2df8241668656742", AuditHash.Compute(First));

        var second = new AuditEntry(2, Time.AddSeconds(1), "acme", "bob", "approval.granted", "model:credit_risk:3", "{}",
            "4d62d5406e06559a84ca759f2140ed2d57c73032fc37580b2df8241668656742", "");
        Assert.Equal("fca8ba7f418583b06d5879f889ecdcecae6ee40094fb8b3b6a75ff2c79b4b599", AuditHash.Compute(second));
    }

    [Fact]
    public void A_checkpoint_signs_the_documented_bytes()
    {
        var checkpoint = new AuditCheckpoint(2, "fca8ba7f418583b06d5879f889ecdcecae6ee40094fb8b3b6a75ff2c79b4b599", Time.AddSeconds(2), "k1", "");

        Assert.Equal("dc848d99d570c0f130944318caf6d43eb01932334b38ee8aae0cbad6a891539a", Convert.ToHexStringLower(SHA256.HashData(checkpoint.SignedBytes()!)));
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
