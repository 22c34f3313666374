namespace Keel.Features.Online.Tests;

public sealed class FeatureValueCodecTests
{
    public static TheoryData<object?, string> Encodings => new()
    {
        { null, "n" },
        { 123L, "i:123" },
        { -9_223_372_036_854_775_808L, "i:-9223372036854775808" },
        { 1.5, "d:1.5" },
        { 0.1 + 0.2, "d:0.30000000000000004" },
        { "text", "s:text" },
        { "", "s:" },
        { true, "b:1" },
        { false, "b:0" },
        { new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)).AddTicks(1), "t:2026-01-02T02:04:05.0000001Z" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Values_encode_compactly_and_decode_to_the_same_type_and_value(object? value, string encoded)
    {
        Assert.Equal(encoded, FeatureValueCodec.Encode(value));

        var decoded = FeatureValueCodec.Decode(encoded);

        Assert.Equal(value?.GetType(), decoded?.GetType());
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void Every_double_comes_back_bit_for_bit()
    {
        double[] doubles = [0.0, -0.0, double.Epsilon, double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity, Math.PI, 1e-310, 123456789.123456789];
        foreach (var number in doubles)
        {
            var decoded = Assert.IsType<double>(FeatureValueCodec.Decode(FeatureValueCodec.Encode(number)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(number), BitConverter.DoubleToInt64Bits(decoded));
        }
    }

    [Fact]
    public void Timestamps_keep_every_tick_across_the_whole_range()
    {
        DateTimeOffset[] times = [DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch.AddTicks(1), new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.FromHours(14)).AddTicks(9_999_999)];
        foreach (var time in times)
        {
            var decoded = Assert.IsType<DateTimeOffset>(FeatureValueCodec.Decode(FeatureValueCodec.Encode(time)));
            Assert.Equal(time.UtcTicks, decoded.UtcTicks);
            Assert.Equal(TimeSpan.Zero, decoded.Offset);
        }
    }

    [Fact]
    public void A_string_that_looks_like_an_encoding_stays_a_string()
    {
        foreach (var text in new[] { "n", "i:1", "b:1", "s:", ":", "t:2026-01-02T02:04:05.0000001Z" })
        {
            Assert.Equal(text, FeatureValueCodec.Decode(FeatureValueCodec.Encode(text)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1.5f)]
    [InlineData('c')]
    public void Values_of_other_types_are_refused(object value)
    {
        Assert.Throws<ArgumentException>(() => FeatureValueCodec.Encode(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("i:")]
    [InlineData("i:1.5")]
    [InlineData("d:one")]
    [InlineData("b:true")]
    [InlineData("t:2026-01-02")]
    [InlineData("q:1")]
    [InlineData("null")]
    public void Text_that_is_not_an_encoding_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => FeatureValueCodec.Decode(text));
    }
}
