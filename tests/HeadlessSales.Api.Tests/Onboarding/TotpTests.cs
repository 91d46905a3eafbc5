using System.Text;
using HeadlessSales.Api.Identity;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>The one-time passwords against the RFCs' own test vectors, and the window and replay rules.</summary>
public sealed class TotpTests
{
    private static readonly byte[] Sha1Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Key = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Key = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    /// <summary>RFC 4226, appendix D: six digits for counts 0 to 9.</summary>
    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Hotp_MatchesRfc4226(long counter, string expected) => Assert.Equal(expected, Totp.Hotp(Sha1Key, counter));

    /// <summary>RFC 6238, appendix B: eight digits, each hash with its own seed.</summary>
    [Theory]
    [InlineData(59, "94287082", "46119246", "90693936")]
    [InlineData(1111111109, "07081804", "68084774", "25091201")]
    [InlineData(1111111111, "14050471", "67062674", "99943326")]
    [InlineData(1234567890, "89005924", "91819424", "93441116")]
    [InlineData(2000000000, "69279037", "90698825", "38618901")]
    [InlineData(20000000000, "65353130", "77737706", "47863826")]
    public void Totp_MatchesRfc6238(long unixSeconds, string sha1, string sha256, string sha512)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        Assert.Equal(sha1, Totp.CodeAt(Sha1Key, time, 8, "SHA1"));
        Assert.Equal(sha256, Totp.CodeAt(Sha256Key, time, 8, "SHA256"));
        Assert.Equal(sha512, Totp.CodeAt(Sha512Key, time, 8, "SHA512"));
    }

    [Fact]
    public void Verify_AcceptsOneStepEitherSide_RefusesTwoAndAnyReplay()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_111_111_111);   // step 37037037
        var step = Totp.StepAt(now);
        Assert.Equal(37037037, step);
        string CodeOf(long s) => Totp.Hotp(Sha1Key, s);

        Assert.Equal(step - 1, Totp.Verify(Sha1Key, CodeOf(step - 1), now, lastUsedStep: null));
        Assert.Equal(step + 1, Totp.Verify(Sha1Key, CodeOf(step + 1), now, lastUsedStep: null));
        Assert.Null(Totp.Verify(Sha1Key, CodeOf(step - 2), now, lastUsedStep: null));
        Assert.Null(Totp.Verify(Sha1Key, CodeOf(step + 2), now, lastUsedStep: null));
        // Used once: neither it nor an older code of the window works again.
        Assert.Null(Totp.Verify(Sha1Key, CodeOf(step), now, lastUsedStep: step));
        Assert.Null(Totp.Verify(Sha1Key, CodeOf(step - 1), now, lastUsedStep: step));
        Assert.Equal(step + 1, Totp.Verify(Sha1Key, CodeOf(step + 1), now, lastUsedStep: step));
        Assert.Null(Totp.Verify(Sha1Key, "12345", now, null));
        Assert.Null(Totp.Verify(Sha1Key, "12345a", now, null));
    }

    [Fact]
    public void Base32_RoundTripsAndMatchesRfc4648()
    {
        // RFC 4648 §10, without padding.
        Assert.Equal("MZXW6YTBOI", Base32.Encode(Encoding.ASCII.GetBytes("foobar")));
        Assert.Equal("MY", Base32.Encode(Encoding.ASCII.GetBytes("f")));
        Assert.Equal("foobar", Encoding.ASCII.GetString(Base32.Decode("mzxw6ytboi======")));
        var secret = Totp.NewSecret();
        Assert.Equal(32, secret.Length);
        Assert.Equal(20, Base32.Decode(secret).Length);
        Assert.Throws<FormatException>(() => Base32.Decode("MZ1W"));
    }
}
