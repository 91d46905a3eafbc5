using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238) with 30-second steps, as authenticator apps compute them.
/// Small enough to own; the RFCs' own test vectors are in <c>TotpTests</c>.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public const int Digits = 6;

    /// <summary>The code of <paramref name="counter"/>: HMAC of the big-endian counter, dynamically truncated (RFC 4226 §5.3).</summary>
    public static string Hotp(byte[] key, long counter, int digits = Digits, string algorithm = "SHA1")
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = algorithm switch
        {
            "SHA1" => HMACSHA1.HashData(key, message),
            "SHA256" => HMACSHA256.HashData(key, message),
            "SHA512" => HMACSHA512.HashData(key, message),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "SHA1, SHA256 or SHA512"),
        };
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var modulus = (int)Math.Pow(10, digits);
        return (binary % modulus).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>The RFC 6238 time step of an instant: whole 30-second periods since the Unix epoch.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string CodeAt(byte[] key, DateTimeOffset time, int digits = Digits, string algorithm = "SHA1") =>
        Hotp(key, StepAt(time), digits, algorithm);

    /// <summary>
    /// The step a six-digit <paramref name="code"/> belongs to, one step either side of <paramref name="now"/> allowed for
    /// clock drift, and only a step later than <paramref name="lastUsedStep"/>: a code once accepted is never accepted again.
    /// </summary>
    public static long? Verify(byte[] key, string? code, DateTimeOffset now, long? lastUsedStep)
    {
        if (code is null || code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var current = StepAt(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if (step > (lastUsedStep ?? long.MinValue)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hotp(key, step)), Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>A new shared secret: 160 random bits (RFC 4226 recommends at least 128), in Base32 as apps take it.</summary>
    public static string NewSecret() => Base32.Encode(RandomNumberGenerator.GetBytes(20));

    /// <summary>The Key Uri Format authenticator apps read from a QR code.</summary>
    public static string OtpauthUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}

/// <summary>RFC 4648 Base32 without padding, the alphabet authenticator apps use for secrets.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var value in data)
        {
            buffer = (buffer << 8) | value;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    /// <summary>Decodes, ignoring case, spaces and padding; throws <see cref="FormatException"/> on any other character.</summary>
    public static byte[] Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var character in text.ToUpperInvariant())
        {
            if (character is ' ' or '=')
            {
                continue;
            }

            var value = Alphabet.IndexOf(character);
            if (value < 0)
            {
                throw new FormatException($"'{character}' is not a Base32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
